package s3

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// codeKinds is the one table from S3 error codes to portable kinds. Codes
// come from the error body (or, for HEAD, from the status) as the SDK
// parses them; statusKind covers whatever is not listed.
var codeKinds = map[string]errs.Kind{
	"NoSuchKey":    errs.NotFound,
	"NoSuchBucket": errs.NotFound,
	"NoSuchUpload": errs.NotFound,
	"NotFound":     errs.NotFound,

	"BucketAlreadyOwnedByYou": errs.AlreadyExists,
	"BucketAlreadyExists":     errs.AlreadyExists,

	"BucketNotEmpty": errs.NotEmpty,

	"AccessDenied":                      errs.PermissionDenied,
	"AllAccessDisabled":                 errs.PermissionDenied,
	"Forbidden":                         errs.PermissionDenied,
	"InvalidAccessKeyId":                errs.PermissionDenied,
	"SignatureDoesNotMatch":             errs.PermissionDenied,
	"ExpiredToken":                      errs.PermissionDenied,
	"InvalidToken":                      errs.PermissionDenied,
	"TokenRefreshRequired":              errs.PermissionDenied,
	"AccountProblem":                    errs.PermissionDenied,
	"RequestTimeTooSkewed":              errs.PermissionDenied,
	"InvalidObjectState":                errs.PermissionDenied, // archived (Glacier) object
	"NotSignedUp":                       errs.PermissionDenied,
	"MissingSecurityHeader":             errs.PermissionDenied,
	"UnauthorizedAccess":                errs.PermissionDenied,
	"AuthorizationQueryParametersError": errs.PermissionDenied,

	"PreconditionFailed":         errs.PreconditionFailed,
	"ConditionalRequestConflict": errs.PreconditionFailed,

	"SlowDown":             errs.Throttled,
	"Throttling":           errs.Throttled,
	"ThrottlingException":  errs.Throttled,
	"RequestLimitExceeded": errs.Throttled,
	"TooManyRequests":      errs.Throttled,
	"ServiceUnavailable":   errs.Throttled,

	"InternalError":             errs.Transient,
	"RequestTimeout":            errs.Transient,
	"OperationAborted":          errs.Transient,
	"BadDigest":                 errs.Transient, // the body was damaged on the way
	"XAmzContentSHA256Mismatch": errs.Transient,
	"IncompleteBody":            errs.Transient,

	"InvalidBucketName":                  errs.InvalidArgument,
	"InvalidArgument":                    errs.InvalidArgument,
	"InvalidRequest":                     errs.InvalidArgument,
	"InvalidPart":                        errs.InvalidArgument,
	"InvalidPartOrder":                   errs.InvalidArgument,
	"InvalidDigest":                      errs.InvalidArgument,
	"InvalidStorageClass":                errs.InvalidArgument,
	"InvalidLocationConstraint":          errs.InvalidArgument,
	"IllegalLocationConstraintException": errs.InvalidArgument,
	"KeyTooLongError":                    errs.InvalidArgument,
	"MetadataTooLarge":                   errs.InvalidArgument,
	"MalformedXML":                       errs.InvalidArgument,
	"EntityTooSmall":                     errs.InvalidArgument,
	"PermanentRedirect":                  errs.InvalidArgument,
	"AuthorizationHeaderMalformed":       errs.InvalidArgument,
	"InvalidRange":                       errs.InvalidArgument,

	"EntityTooLarge":    errs.ResourceExhausted,
	"TooManyBuckets":    errs.ResourceExhausted,
	"QuotaExceeded":     errs.ResourceExhausted,
	"XMinioStorageFull": errs.ResourceExhausted,

	"NotImplemented": errs.Unimplemented,
}

// statusKind classifies by HTTP status when the code is not in the table.
func statusKind(status int) errs.Kind {
	switch {
	case status == http.StatusNotFound:
		return errs.NotFound
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return errs.PermissionDenied
	case status == http.StatusPreconditionFailed, status == http.StatusNotModified:
		return errs.PreconditionFailed
	case status == http.StatusConflict:
		return errs.AlreadyExists
	case status == http.StatusTooManyRequests, status == http.StatusServiceUnavailable:
		return errs.Throttled
	case status == http.StatusNotImplemented:
		return errs.Unimplemented
	case status == http.StatusRequestEntityTooLarge:
		return errs.ResourceExhausted
	case status >= 500:
		return errs.Transient
	case status >= 400:
		return errs.InvalidArgument
	case status >= 300:
		return errs.InvalidArgument // a redirect the driver could not follow
	}
	return errs.Unknown
}

// kindSentinels are the errs sentinels an apiError carries, so that the
// portable layer's wrapping does not repeat the kind in the message.
var kindSentinels = map[errs.Kind]error{
	errs.NotFound:           errs.ErrNotFound,
	errs.AlreadyExists:      errs.ErrAlreadyExists,
	errs.InvalidArgument:    errs.ErrInvalidArgument,
	errs.PermissionDenied:   errs.ErrPermissionDenied,
	errs.NotEmpty:           errs.ErrNotEmpty,
	errs.Unimplemented:      errs.ErrUnimplemented,
	errs.Throttled:          errs.ErrThrottled,
	errs.Transient:          errs.ErrTransient,
	errs.Canceled:           errs.ErrCanceled,
	errs.PreconditionFailed: errs.ErrPreconditionFailed,
	errs.DeadlineExceeded:   errs.ErrDeadlineExceeded,
	errs.ResourceExhausted:  errs.ErrResourceExhausted,
}

// apiError is an S3 error reduced to one readable line. It unwraps to
// its kind's sentinel and to the SDK's error (with the request id and HTTP
// details), so errors.Is finds the kind and errors.As still finds
// smithy.APIError and smithyhttp.ResponseError.
type apiError struct {
	msg   string
	kind  error
	cause error
}

func (e *apiError) Error() string { return e.msg }

func (e *apiError) Unwrap() []error {
	if e.kind == nil {
		return []error{e.cause}
	}
	return []error{e.kind, e.cause}
}

// newError classifies cause as kind with a readable message.
func newError(kind errs.Kind, msg string, cause error) error {
	return errs.E(kind, "", "", &apiError{msg: msg, kind: kindSentinels[kind], cause: cause})
}

// classify turns an SDK error into a classified errs.Error. nil stays nil.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var classified *errs.Error
	if errors.As(err, &classified) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return newError(errs.Canceled, "canceled: "+err.Error(), err)
	case errors.Is(err, context.DeadlineExceeded):
		return newError(errs.DeadlineExceeded, "deadline exceeded: "+err.Error(), err)
	}
	op := "S3"
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		op = "S3 " + oe.OperationName
	}
	var se *smithyhttp.RequestSendError
	if errors.As(err, &se) {
		return newError(errs.Transient, fmt.Sprintf("transient error: %s: %v", op, se.Err), err)
	}
	var ae smithy.APIError
	var re *smithyhttp.ResponseError
	hasStatus := errors.As(err, &re) && re.Response != nil && re.Response.Response != nil && re.HTTPStatusCode() != 0
	if !errors.As(err, &ae) {
		if hasStatus {
			k := statusKind(re.HTTPStatusCode())
			return newError(k, fmt.Sprintf("%s: %s: HTTP %d from %s", k, op, re.HTTPStatusCode(), endpointOf(re)), err)
		}
		return errs.E(errs.Unknown, "", "", err)
	}
	code, msg := ae.ErrorCode(), ae.ErrorMessage()
	kind, ok := codeKinds[code]
	if !ok && hasStatus {
		kind = statusKind(re.HTTPStatusCode())
	}
	if msg == "" && hasStatus {
		msg = http.StatusText(re.HTTPStatusCode())
	}
	text := fmt.Sprintf("%s: %s: %s: %s", kind, op, code, msg)
	switch {
	case kind == errs.PermissionDenied && hasStatus:
		text = fmt.Sprintf("access denied by %s: %s: %s", endpointOf(re), code, msg)
	case hasStatus && re.Response.Header.Get(headerBucketRegion) != "" && (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" || re.HTTPStatusCode() == http.StatusMovedPermanently):
		text += " (the bucket is in region " + re.Response.Header.Get(headerBucketRegion) + ")"
	}
	return newError(kind, text, err)
}

// endpointOf is the scheme and host the failed request went to.
func endpointOf(re *smithyhttp.ResponseError) string {
	if re.Response == nil || re.Response.Request == nil || re.Response.Request.URL == nil {
		return "the server"
	}
	u := re.Response.Request.URL
	return u.Scheme + "://" + u.Host
}

// errCode returns the S3 error code of err, or "".
func errCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// httpStatus returns the HTTP status of the response behind err, or 0.
func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.HTTPStatusCode()
	}
	return 0
}
