package s3

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	smithyauth "github.com/aws/smithy-go/auth"
	"github.com/aws/smithy-go/encoding/httpbinding"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// A small object's PUT is sent without the SDK's operation stack.
//
// The SDK builds some forty middlewares for every operation call. For a
// 4 KiB object that costs the client about 0.15 ms of CPU, as much as
// everything else it does for the file (reading it, HTTP, the syscalls),
// and on a machine the server shares, as in the sync benchmark, that CPU
// is taken from the server. directPut makes the same request from the
// SDK's own parts: its endpoint rules (EndpointResolverV2, so the URL is
// exactly the SDK's), its SigV4 signer, and the error shapes its
// deserializers build, so that classify and the region redirect in do
// work unchanged. Bigger bodies, anonymous accounts and any endpoint whose
// auth scheme is not plain SigV4 (S3 Express, multi-region access points)
// take the SDK path.

// directPutMax is the largest body directPut sends: above it the stack's
// cost is a small share of the request.
const directPutMax = 1 << 20

// direct is what directPut needs beyond the config.
type direct struct {
	creds    aws.CredentialsProvider // nil: anonymous, no direct PUTs
	resolver s3.EndpointResolverV2
	signer   *v4.Signer
	// skew is the server's clock minus ours (ns), learnt from responses'
	// Date as the SDK learns it, and added to the signing time.
	skew atomic.Int64
}

// skewThreshold is the clock difference below which the SDK, and so
// directPut, signs with the local clock.
const skewThreshold = 4 * time.Minute

func newDirect(creds aws.CredentialsProvider) *direct {
	if _, anon := creds.(aws.AnonymousCredentials); anon {
		creds = nil
	}
	return &direct{
		creds:    creds,
		resolver: s3.NewDefaultEndpointResolverV2(),
		// S3 signs the path as sent, without escaping it a second time.
		signer: v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }),
	}
}

// errNotDirect says the request must take the SDK path.
var errNotDirect = errors.New("s3: not a direct request")

// putSmall sends in as one PUT, directly when it can, else through the
// SDK. The error is classified.
func (d *Driver) putSmall(ctx context.Context, in *s3.PutObjectInput, body []byte) error {
	if d.direct.creds != nil && len(body) <= directPutMax && directable(in) {
		err := d.directPut(ctx, in, body, d.regionOf(*in.Bucket))
		if d.movedTo(*in.Bucket, err) {
			err = d.directPut(ctx, in, body, d.regionOf(*in.Bucket))
		}
		if errCode(err) == "RequestTimeTooSkewed" {
			err = d.directPut(ctx, in, body, d.regionOf(*in.Bucket)) // signed again with the skew just learnt
		}
		if !errors.Is(err, errNotDirect) {
			return classify(err)
		}
	}
	_, err := do(ctx, d, *in.Bucket, d.client.PutObject, in, unsignedPayload)
	return err
}

// directPut sends in (whose body is body) to region as the SDK would, and
// returns errors in the SDK's shapes; errNotDirect if it cannot.
func (d *Driver) directPut(ctx context.Context, in *s3.PutObjectInput, body []byte, region string) error {
	u, signing, err := d.objectURL(ctx, *in.Bucket, *in.Key, region)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, "", bytes.NewReader(body))
	if err != nil {
		return errNotDirect
	}
	req.URL = u
	putHeaders(req.Header, in)
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	creds, err := d.direct.creds.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("S3 PutObject: credentials: %w", err)
	}
	now := time.Now().Add(time.Duration(d.direct.skew.Load()))
	if err := d.direct.signer.SignHTTP(ctx, creds, req, "UNSIGNED-PAYLOAD", signing.name, signing.region, now); err != nil {
		return errNotDirect
	}
	sent := time.Now()
	resp, err := (&httpClient{c: d.hc}).Do(req)
	if err != nil {
		return &smithy.OperationError{ServiceID: "S3", OperationName: "PutObject", Err: &smithyhttp.RequestSendError{Err: err}}
	}
	defer resp.Body.Close()
	d.direct.learnSkew(resp.Header.Get("Date"), sent)
	if resp.StatusCode/100 == 2 {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	return &smithy.OperationError{ServiceID: "S3", OperationName: "PutObject", Err: responseError(resp)}
}

// learnSkew updates the clock skew from a response's Date header, as the
// SDK's retry middleware does: the difference if it is over
// skewThreshold, else none.
func (x *direct) learnSkew(date string, sent time.Time) {
	server, err := http.ParseTime(date)
	if err != nil {
		return
	}
	skew := server.Sub(sent)
	if skew > -skewThreshold && skew < skewThreshold {
		skew = 0
	}
	x.skew.Store(int64(skew))
}

// directable reports whether in sets only the fields putHeaders sends,
// so that a field the writer starts to set later takes the SDK path
// rather than being dropped.
func directable(in *s3.PutObjectInput) bool {
	c := *in
	c.Bucket, c.Key, c.Body, c.ContentLength, c.ContentType, c.Metadata = nil, nil, nil, nil, nil, nil
	c.ContentMD5, c.ChecksumCRC32C, c.IfMatch, c.IfNoneMatch = nil, nil, nil, nil
	return reflect.ValueOf(c).IsZero() && aws.ToString(in.Key) != "" &&
		aws.ToString(in.Bucket) != "" && !strings.HasPrefix(*in.Bucket, "arn:")
}

type signing struct{ name, region string }

// objectURL is the URL of bucket/key in region by the SDK's endpoint
// rules, and the SigV4 name and region to sign it with.
func (d *Driver) objectURL(ctx context.Context, bucket, key, region string) (*url.URL, signing, error) {
	p := s3.EndpointParameters{
		Bucket:         aws.String(bucket),
		Key:            aws.String(key),
		Region:         aws.String(region),
		ForcePathStyle: aws.Bool(d.cfg.pathStyle),
		UseFIPS:        aws.Bool(false),
		UseDualStack:   aws.Bool(false),
		Accelerate:     aws.Bool(false),
		UseArnRegion:   aws.Bool(false),

		DisableMultiRegionAccessPoints: aws.Bool(false),
	}
	if d.cfg.endpoint != "" {
		p.Endpoint = aws.String(d.cfg.endpoint)
	}
	ep, err := d.direct.resolver.ResolveEndpoint(ctx, p)
	if err != nil {
		return nil, signing{}, errNotDirect
	}
	s := signing{name: "s3", region: region}
	opts, _ := smithyauth.GetAuthOptions(&ep.Properties)
	for _, o := range opts {
		// The rules name schemes "sigv4", "sigv4a", "sigv4-s3express".
		if o.SchemeID != "sigv4" && o.SchemeID != smithyauth.SchemeIDSigV4 {
			return nil, signing{}, errNotDirect
		}
		if n, ok := smithyhttp.GetSigV4SigningName(&o.SignerProperties); ok {
			s.name = n
		}
		if r, ok := smithyhttp.GetSigV4SigningRegion(&o.SignerProperties); ok {
			s.region = r
		}
	}
	// The key as the SDK's REST binding puts it in the path ({Key+}).
	u := ep.URI
	escaped := httpbinding.EscapePath(key, false)
	if u.RawPath == "" {
		u.RawPath = u.Path
	}
	u.Path = smithyhttp.JoinPath(u.Path, "/"+key)
	u.RawPath = smithyhttp.JoinPath(u.RawPath, "/"+escaped)
	u.RawQuery = "x-id=PutObject"
	return &u, s, nil
}

// putHeaders sets the headers the SDK's serializer would for what the
// writer puts in a PutObjectInput.
func putHeaders(h http.Header, in *s3.PutObjectInput) {
	contentType := "application/octet-stream" // the SDK's default
	if in.ContentType != nil {
		contentType = *in.ContentType
	}
	h.Set("Content-Type", contentType)
	for k, v := range in.Metadata {
		h.Set("X-Amz-Meta-"+k, v)
	}
	set := func(name string, v *string) {
		if v != nil {
			h.Set(name, *v)
		}
	}
	set("Content-Md5", in.ContentMD5)
	set("X-Amz-Checksum-Crc32c", in.ChecksumCRC32C)
	set("If-Match", in.IfMatch)
	set("If-None-Match", in.IfNoneMatch)
}

// responseError is a failed response as the SDK's REST-XML deserializer
// reports it: the <Error> body's code and message, the request id, and
// the response, for classify and redirectRegion.
func responseError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorPeek))
	var e struct {
		Code      string
		Message   string
		RequestID string `xml:"RequestId"`
	}
	_ = xml.Unmarshal(b, &e)
	if e.Code == "" && e.Message == "" { // as the SDK: from the status
		text := http.StatusText(resp.StatusCode)
		e.Code, e.Message = strings.ReplaceAll(text, " ", ""), text
	}
	cause := &smithy.GenericAPIError{Code: cmp.Or(e.Code, "UnknownError"), Message: cmp.Or(e.Message, "UnknownError")}
	id := resp.Header.Get("X-Amz-Request-Id")
	if id == "" {
		id = e.RequestID
	}
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: cause},
		RequestID:     id,
	}
}
