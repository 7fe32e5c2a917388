package s3

import (
	"context"
	"io"
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/transport"
)

// Driver is one S3 account. It is safe for concurrent use.
type Driver struct {
	cfg     config
	hc      *http.Client
	client  *s3.Client
	presign *s3.PresignClient
	creds   string   // where the credentials came from (credsConfig, ...)
	regions sync.Map // bucket -> region, for buckets found in another region
	bufs    bufPool
	direct  *direct // small PUTs without the SDK's stack (directput.go)
}

var (
	_ driver.Driver           = (*Driver)(nil)
	_ driver.Copier           = (*Driver)(nil)
	_ driver.URLSigner        = (*Driver)(nil)
	_ driver.MultipartAborter = (*Driver)(nil)
)

// Open opens an S3 account from its config. See docs/S3.md for the options.
func Open(ctx context.Context, p params.Params) (driver.Driver, error) {
	return New(ctx, p)
}

// New is Open with the concrete type, for tests and tools that need the
// driver's extras.
func New(ctx context.Context, p params.Params) (*Driver, error) {
	c, err := parseConfig(p)
	if err != nil {
		return nil, err
	}
	hc := p.HTTP
	if hc == nil {
		if hc, err = transport.New(transport.Options{}); err != nil {
			return nil, errs.E(errs.InvalidArgument, "open s3", p.Account, err)
		}
	}
	creds, source, err := credentialsFor(ctx, c, p.Account)
	if err != nil {
		return nil, err
	}
	client := newClient(c, creds, hc)
	return &Driver{
		cfg:     c,
		hc:      hc,
		client:  client,
		presign: s3.NewPresignClient(client),
		creds:   source,
		direct:  newDirect(creds),
	}, nil
}

// Client is the SDK client, for tests and tools that need calls the driver
// does not make.
func (d *Driver) Client() *s3.Client { return d.client }

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities {
	return driver.Capabilities{
		Multipart:        true,
		ConditionalWrite: d.cfg.conditionalWrites,
		ConditionalRead:  true,
		MaxObjectSize:    MaxObjectSize,
		MetadataMtime:    true,
	}
}

// Close implements driver.Driver. The HTTP client belongs to the account;
// Close only lets its idle connections go.
func (d *Driver) Close() error {
	d.hc.CloseIdleConnections()
	return nil
}

// do runs one SDK operation on bucket in the bucket's region. If the
// bucket turns out to live in another region, do remembers it and tries
// once more there. The error is classified (errors.go).
func do[I, O any](ctx context.Context, d *Driver, bucket string,
	api func(context.Context, *I, ...func(*s3.Options)) (*O, error), in *I, opts ...func(*s3.Options),
) (*O, error) {
	out, err := api(ctx, in, append(d.regionOpts(bucket), opts...)...)
	if d.movedTo(bucket, err) {
		if rewindInput(in) {
			out, err = api(ctx, in, append(d.regionOpts(bucket), opts...)...)
		}
	}
	if err != nil {
		return nil, classify(err)
	}
	return out, nil
}

// rewindInput puts a request body back at its start before a second try.
// It reports false for a body that cannot be rewound.
func rewindInput(in any) bool {
	var body io.Reader
	switch in := in.(type) {
	case *s3.PutObjectInput:
		body = in.Body
	case *s3.UploadPartInput:
		if p, ok := in.Body.(*partReader); ok {
			// A reader of its own: the first attempt's may still be
			// writing (net/http goes on after an early answer).
			in.Body = p.again()
			return true
		}
		body = in.Body
	default:
		return true
	}
	if body == nil {
		return true
	}
	s, ok := body.(io.Seeker)
	if !ok {
		return false
	}
	_, err := s.Seek(0, io.SeekStart)
	return err == nil
}
