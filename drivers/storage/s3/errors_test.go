package s3

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// sdkError builds the error the SDK returns for an S3 error response.
func sdkError(op string, status int, code, msg string) error {
	u, _ := url.Parse("https://bucket.s3.us-east-1.amazonaws.com/key")
	resp := &http.Response{StatusCode: status, Header: http.Header{}, Request: &http.Request{URL: u}}
	var apiErr error
	if code != "" {
		apiErr = &smithy.GenericAPIError{Code: code, Message: msg}
	}
	return &smithy.OperationError{ServiceID: "S3", OperationName: op, Err: &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: apiErr},
		RequestID:     "REQ123",
	}}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		status int
		code   string
		want   errs.Kind
	}{
		{404, "NoSuchKey", errs.NotFound},
		{404, "NoSuchBucket", errs.NotFound},
		{404, "NoSuchUpload", errs.NotFound},
		{404, "NotFound", errs.NotFound}, // HEAD
		{404, "", errs.NotFound},
		{409, "BucketAlreadyOwnedByYou", errs.AlreadyExists},
		{409, "BucketAlreadyExists", errs.AlreadyExists},
		{409, "BucketNotEmpty", errs.NotEmpty},
		{403, "AccessDenied", errs.PermissionDenied},
		{403, "InvalidAccessKeyId", errs.PermissionDenied},
		{403, "SignatureDoesNotMatch", errs.PermissionDenied},
		{400, "ExpiredToken", errs.PermissionDenied},
		{403, "Forbidden", errs.PermissionDenied}, // HEAD
		{412, "PreconditionFailed", errs.PreconditionFailed},
		{412, "", errs.PreconditionFailed},
		{503, "SlowDown", errs.Throttled},
		{503, "", errs.Throttled},
		{429, "", errs.Throttled},
		{500, "InternalError", errs.Transient},
		{502, "", errs.Transient},
		{400, "InvalidBucketName", errs.InvalidArgument},
		{400, "InvalidArgument", errs.InvalidArgument},
		{400, "SomethingNew", errs.InvalidArgument},
		{400, "EntityTooLarge", errs.ResourceExhausted},
		{501, "NotImplemented", errs.Unimplemented},
		{301, "PermanentRedirect", errs.InvalidArgument},
		{418, "", errs.InvalidArgument},
	} {
		t.Run(fmt.Sprintf("%d %s", tc.status, tc.code), func(t *testing.T) {
			err := classify(sdkError("GetObject", tc.status, tc.code, "the message"))
			assert.Equal(t, tc.want.String(), errs.KindOf(err).String(), "%v", err)
			assert.True(t, errors.Is(err, sentinel(tc.want)), "errors.Is with the kind's sentinel")
			var ae smithy.APIError
			if tc.code != "" {
				require.True(t, errors.As(err, &ae), "the SDK's APIError stays reachable")
				assert.Equal(t, tc.code, ae.ErrorCode())
			}
			var re *smithyhttp.ResponseError
			require.True(t, errors.As(err, &re), "the ResponseError stays reachable")
			assert.Equal(t, tc.status, re.HTTPStatusCode())
		})
	}
}

// TestClassifyMessage: one clear line, naming the endpoint for access
// errors, and never the SDK's stack of wrappers.
func TestClassifyMessage(t *testing.T) {
	err := classify(sdkError("HeadBucket", 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."))
	assert.Equal(t, "access denied by https://bucket.s3.us-east-1.amazonaws.com: InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.", err.Error())
	err = classify(sdkError("GetObject", 404, "NoSuchKey", "The specified key does not exist."))
	assert.Equal(t, "not found: S3 GetObject: NoSuchKey: The specified key does not exist.", err.Error())
	err = classify(sdkError("HeadObject", 404, "", ""))
	assert.Equal(t, "not found: S3 HeadObject: HTTP 404 from https://bucket.s3.us-east-1.amazonaws.com", err.Error())
}

func TestClassifyContext(t *testing.T) {
	wrapped := &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: &smithyhttp.RequestSendError{Err: context.Canceled}}
	assert.Equal(t, errs.Canceled, errs.KindOf(classify(wrapped)))
	wrapped = &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: &smithyhttp.RequestSendError{Err: context.DeadlineExceeded}}
	assert.Equal(t, errs.DeadlineExceeded, errs.KindOf(classify(wrapped)))
	refused := &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject", Err: &smithyhttp.RequestSendError{Err: errors.New("dial tcp: connection refused")}}
	assert.Equal(t, errs.Transient, errs.KindOf(classify(refused)))
	assert.NoError(t, classify(nil))
}

// sentinel maps a kind to its errs.Err* value.
func sentinel(k errs.Kind) error {
	return map[errs.Kind]error{
		errs.NotFound: errs.ErrNotFound, errs.AlreadyExists: errs.ErrAlreadyExists, errs.InvalidArgument: errs.ErrInvalidArgument,
		errs.PermissionDenied: errs.ErrPermissionDenied, errs.NotEmpty: errs.ErrNotEmpty, errs.Unimplemented: errs.ErrUnimplemented,
		errs.Throttled: errs.ErrThrottled, errs.Transient: errs.ErrTransient, errs.PreconditionFailed: errs.ErrPreconditionFailed,
		errs.ResourceExhausted: errs.ErrResourceExhausted,
	}[k]
}
