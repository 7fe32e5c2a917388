// Package storage is the portable object-storage API of cloudfs, in the
// manner of gocloud.dev's blob.Bucket and libcloud's StorageDriver. The
// filesystem (fs/), the sync engine (sync/) and the CLI call it; provider
// packages implement drivers/storage/driver behind it.
//
// Account owns argument checks, error wrapping (operation and resource are
// added to every error, the provider's cause is kept), closed state and the
// discovery of optional capabilities, which happens once in New. Callers
// never type-assert drivers: they ask Features.
package storage

import (
	"context"
	"sync/atomic"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Aliases so callers need not import the driver package for plain types.
type (
	ContainerInfo    = driver.ContainerInfo
	ObjectInfo       = driver.ObjectInfo
	Attributes       = driver.Attributes
	ListOptions      = driver.ListOptions
	ListPage         = driver.ListPage
	ReaderOptions    = driver.ReaderOptions
	WriterOptions    = driver.WriterOptions
	CopyOptions      = driver.CopyOptions
	MetadataUpdate   = driver.MetadataUpdate
	SignedURLOptions = driver.SignedURLOptions
	UploadInfo       = driver.UploadInfo
)

// Features says what an account can do beyond the basic interface. It is
// computed once when the Account is made.
type Features struct {
	driver.Capabilities
	ServerSideCopy bool // Copy runs on the provider; otherwise it streams
	NativeRename   bool // Rename is atomic; otherwise copy + delete
	SignedURL      bool
	ListUploads    bool // in-progress multipart uploads can be listed and aborted
}

// Account is one configured storage account: the portable handle that
// every caller uses.
type Account struct {
	name    string
	drv     driver.Driver
	feat    Features
	copier  driver.Copier
	renamer driver.Renamer
	signer  driver.URLSigner
	uploads driver.MultipartAborter
	closed  atomic.Bool
}

// New wraps a driver. name is the account's name in the config.
func New(name string, d driver.Driver) *Account {
	a := &Account{name: name, drv: d}
	a.copier, _ = d.(driver.Copier)
	a.renamer, _ = d.(driver.Renamer)
	a.signer, _ = d.(driver.URLSigner)
	a.uploads, _ = d.(driver.MultipartAborter)
	a.feat = Features{
		Capabilities:   d.Capabilities(),
		ServerSideCopy: a.copier != nil,
		NativeRename:   a.renamer != nil,
		SignedURL:      a.signer != nil,
		ListUploads:    a.uploads != nil,
	}
	return a
}

// Name is the account's name in the config.
func (a *Account) Name() string { return a.name }

// Features reports the account's optional capabilities.
func (a *Account) Features() Features { return a.feat }

// Close releases the driver. Later calls fail with InvalidArgument.
func (a *Account) Close() error {
	if a.closed.Swap(true) {
		return nil
	}
	return a.drv.Close()
}

// check is the common preamble of every call: closed state and ctx.
func (a *Account) check(ctx context.Context, op, res string) error {
	if a.closed.Load() {
		return errs.Errorf(errs.InvalidArgument, op, res, "account %q is closed", a.name)
	}
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, op, res)
	}
	return nil
}
