// Package driver defines the interfaces a storage provider implements. It is
// used by provider packages (drivers/storage/local, memory, s3, ...) and by
// the portable API in drivers/storage, which is what everyone else calls.
//
// Drivers stay small: the portable type checks arguments, applies defaults,
// wraps errors with the operation and resource, and tracks closed state.
// Every error a driver returns must be classified with drivers/errs so that
// errors.Is(err, errs.ErrNotFound) and friends work.
package driver

import (
	"context"
	"io"
	"time"

	"golang.org/x/sync/semaphore"
)

// Driver is one configured storage account.
type Driver interface {
	// ListContainers returns one page of containers in name order. An empty
	// pageToken starts at the beginning; the returned token is "" after the
	// last page.
	ListContainers(ctx context.Context, pageToken string, pageSize int) ([]ContainerInfo, string, error)
	// GetContainer must return errs.NotFound for a missing container.
	GetContainer(ctx context.Context, name string) (*ContainerInfo, error)
	// CreateContainer must return errs.AlreadyExists if it exists and
	// errs.InvalidArgument for a name the provider does not accept.
	CreateContainer(ctx context.Context, name string) error
	// DeleteContainer must return errs.NotFound if missing and errs.NotEmpty
	// if it still holds objects.
	DeleteContainer(ctx context.Context, name string) error

	// ListObjects returns one page of objects under opts.Prefix in key
	// (byte) order. With a Delimiter, keys sharing a prefix up to and
	// including the delimiter are folded into one entry with IsPrefix set.
	// A missing container must give errs.NotFound.
	ListObjects(ctx context.Context, container string, opts *ListOptions) (*ListPage, error)
	// Stat must return errs.NotFound for a missing object or container.
	Stat(ctx context.Context, container, key string) (*Attributes, error)
	// NewRangeReader streams length bytes from offset (length < 0 means to
	// the end). An offset at or past the end gives an empty reader, not an
	// error. A missing object must give errs.NotFound, from this call.
	NewRangeReader(ctx context.Context, container, key string, offset, length int64, opts *ReaderOptions) (Reader, error)
	// NewWriter starts writing an object. Nothing is visible until Close
	// returns nil; if ctx is cancelled before Close, Close must return an
	// error and leave no object (and no orphan upload parts) behind.
	NewWriter(ctx context.Context, container, key string, opts *WriterOptions) (Writer, error)
	// Delete must return errs.NotFound for a missing object.
	Delete(ctx context.Context, container, key string) error
	// SetMetadata replaces the object's user metadata, content type and
	// mtime without changing its content. errs.NotFound if missing.
	SetMetadata(ctx context.Context, container, key string, u *MetadataUpdate) error

	// Capabilities reports what the driver supports beyond the interface
	// above. Optional methods are found through the optional interfaces.
	Capabilities() Capabilities
	// Close releases the driver's resources.
	Close() error
}

// Copier is implemented by drivers with a server-side copy.
type Copier interface {
	// Copy copies src to dst within the account. errs.NotFound if the
	// source is missing. Metadata is copied unless opts says otherwise.
	Copy(ctx context.Context, dstContainer, dstKey, srcContainer, srcKey string, opts *CopyOptions) error
}

// Renamer is implemented by drivers with an atomic native rename within a
// container (a local filesystem, for example).
type Renamer interface {
	Rename(ctx context.Context, container, srcKey, dstKey string) error
}

// URLSigner is implemented by drivers that can make pre-signed URLs.
type URLSigner interface {
	SignedURL(ctx context.Context, container, key string, opts *SignedURLOptions) (string, error)
}

// MultipartAborter is implemented by drivers whose uploads can leave parts
// behind on the provider; it lists and aborts them. Tests use it to prove
// that a cancelled upload left nothing.
type MultipartAborter interface {
	ListUploads(ctx context.Context, container, prefix string) ([]UploadInfo, error)
	AbortUpload(ctx context.Context, container string, u UploadInfo) error
}

// Capabilities are flags a driver declares once.
type Capabilities struct {
	// Multipart: large writes stream as concurrent parts; WriterOptions
	// PartSize and Concurrency apply.
	Multipart bool
	// ConditionalWrite: WriterOptions IfMatch and IfNoneMatch are honoured.
	ConditionalWrite bool
	// ConditionalRead: ReaderOptions IfMatch is honoured.
	ConditionalRead bool
	// MaxObjectSize is the largest object the provider accepts (0: no limit).
	MaxObjectSize int64
	// MetadataMtime: ModTime round-trips through object metadata.
	MetadataMtime bool
}

// ContainerInfo describes a container (bucket).
type ContainerInfo struct {
	Name    string
	Created time.Time
}

// ListOptions selects a page of objects.
type ListOptions struct {
	Prefix    string
	Delimiter string
	PageToken string // "" for the first page
	PageSize  int    // 0 for the driver's default (1000 where the provider allows)
}

// ListPage is one page of a listing.
type ListPage struct {
	Objects       []ObjectInfo
	NextPageToken string // "" after the last page
}

// ObjectInfo is what a listing says about an object or a folded prefix.
type ObjectInfo struct {
	Key      string
	Size     int64
	ModTime  time.Time // mtime from metadata where the listing has it, else last-modified
	ETag     string
	IsPrefix bool // a folded "directory" when a Delimiter was given
}

// Attributes is what Stat (and a Reader) knows about an object.
type Attributes struct {
	Size         int64
	ModTime      time.Time         // the user's mtime (metadata), else LastModified
	LastModified time.Time         // when the provider stored this version
	ETag         string            // opaque, as the provider gives it (quotes stripped)
	MD5          []byte            // content MD5 when the provider knows it
	ContentType  string            //
	Metadata     map[string]string // user metadata, keys lower-case, without the mtime key
}

// ReaderOptions tunes a read.
type ReaderOptions struct {
	IfMatch string // fail with errs.PreconditionFailed if the ETag differs
}

// Reader streams an object's bytes.
type Reader interface {
	io.ReadCloser
	// Attributes of the object being read (Size is the whole object's size).
	Attributes() *Attributes
}

// WriterOptions tunes a write.
type WriterOptions struct {
	ContentType string
	Metadata    map[string]string
	ModTime     time.Time // stored in metadata; zero means "now"
	// IfMatch: commit only if the current object's ETag equals it.
	IfMatch string
	// IfNoneMatch "*": commit only if no object exists at the key.
	IfNoneMatch string
	// SizeHint is the expected size, or -1 if unknown. Drivers use it to
	// pick a part size and to choose a single PUT for small objects.
	SizeHint int64
	// PartSize and Concurrency tune multipart uploads (0 for defaults).
	PartSize    int64
	Concurrency int
	// Parts, if set, is shared by several writers: each part holds one
	// unit of it while it is sent, on top of the writer's own
	// Concurrency, so that writers running at once share the parts in
	// flight (one alone gets them all). Drivers without parts ignore it.
	Parts *semaphore.Weighted
}

// Writer receives an object's bytes. Close commits atomically.
type Writer interface {
	io.WriteCloser
}

// CopyOptions tunes a server-side copy.
type CopyOptions struct {
	// ReplaceMetadata, if non-nil, replaces the user metadata, content type
	// and mtime of the copy instead of copying the source's.
	ReplaceMetadata *MetadataUpdate
}

// MetadataUpdate is the new metadata of an object.
type MetadataUpdate struct {
	ContentType string
	Metadata    map[string]string
	ModTime     time.Time // zero keeps the current mtime
}

// SignedURLOptions tunes a pre-signed URL.
type SignedURLOptions struct {
	Method string // GET or PUT
	Expiry time.Duration
}

// UploadInfo names an in-progress multipart upload.
type UploadInfo struct {
	Key      string
	UploadID string
}
