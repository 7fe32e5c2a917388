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

// apiError is an S3 error reduced to one readable line; the SDK's error
// (with the request id and HTTP details) stays reachable through Unwrap,
// so errors.As still finds smithy.APIError and smithyhttp.ResponseError.
type apiError struct {
	msg   string
	cause error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.cause }

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
		return errs.E(errs.Canceled, "", "", err)
	case errors.Is(err, context.DeadlineExceeded):
		return errs.E(errs.DeadlineExceeded, "", "", err)
	}
	op := "S3"
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		op = "S3 " + oe.OperationName
	}
	var ae smithy.APIError
	var re *smithyhttp.ResponseError
	hasStatus := errors.As(err, &re) && re.Response != nil
	if !errors.As(err, &ae) {
		if hasStatus {
			k := statusKind(re.HTTPStatusCode())
			return errs.E(k, "", "", &apiError{fmt.Sprintf("%s: HTTP %d from %s", op, re.HTTPStatusCode(), endpointOf(re)), err})
		}
		var se *smithyhttp.RequestSendError
		if errors.As(err, &se) {
			return errs.E(errs.Transient, "", "", &apiError{fmt.Sprintf("%s: %v", op, se.Err), err})
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
	text := fmt.Sprintf("%s: %s: %s", op, code, msg)
	switch {
	case kind == errs.PermissionDenied && hasStatus:
		text = fmt.Sprintf("access denied by %s: %s: %s", endpointOf(re), code, msg)
	case hasStatus && re.Response.Header.Get(headerBucketRegion) != "" && (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" || re.HTTPStatusCode() == http.StatusMovedPermanently):
		text = fmt.Sprintf("%s: %s: %s (the bucket is in region %s)", op, code, msg, re.Response.Header.Get(headerBucketRegion))
	}
	return errs.E(kind, "", "", &apiError{text, err})
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
