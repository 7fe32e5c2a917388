package s3

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
)

// newClient builds the SDK client on hc, the account's client from
// transport/.
//
// Exactly one retry layer acts on a request: the transport's. The SDK's
// retryer is aws.NopRetryer, and body.go gives every seekable body a
// GetBody so the transport can re-send it. The reasons (Retry-After, one
// retry policy and one set of retry settings for every provider, replay
// tests running under the real retry layer) are in docs/S3.md.
//
// Checksums: the SDK computes none unless an operation requires one
// (WhenRequired), because its default CRC32 goes in an aws-chunked trailer
// on HTTPS, a body that cannot be rewound. The writer puts Content-MD5 on
// every part and single PUT instead, and sends them with UNSIGNED-PAYLOAD,
// which saves hashing every byte a second time with SHA-256.
func newClient(c config, creds aws.CredentialsProvider, hc *http.Client) *s3.Client {
	o := s3.Options{
		Region:                     c.region,
		Credentials:                creds,
		HTTPClient:                 &httpClient{c: hc},
		Retryer:                    aws.NopRetryer{},
		UsePathStyle:               c.pathStyle,
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		Logger:                     logging.Nop{},
		APIOptions:                 []func(*middleware.Stack) error{addStashBody},

		DisableLogOutputChecksumValidationSkipped: true,
	}
	if c.endpoint != "" {
		o.BaseEndpoint = aws.String(c.endpoint)
	}
	return s3.New(o)
}

// unsignedPayload is the per-call option for PutObject and UploadPart:
// their bodies carry Content-MD5, so SigV4 need not hash them too.
func unsignedPayload(o *s3.Options) {
	o.APIOptions = append(o.APIOptions, v4.SwapComputePayloadSHA256ForUnsignedPayloadMiddleware)
}

// httpClient is the SDK's view of the transport's client: it adds GetBody
// to seekable request bodies and region hints to wrong-region errors.
type httpClient struct{ c *http.Client }

func (h *httpClient) Do(req *http.Request) (*http.Response, error) {
	if err := withGetBody(req); err != nil {
		return nil, err
	}
	resp, err := h.c.Do(req)
	if err == nil {
		regionHint(resp)
	}
	return resp, err
}
