package sync

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"maps"
	"mime"
	"path"
	"strings"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"golang.org/x/sync/semaphore"
)

// SHA256Key is the user-metadata key under which uploads made with
// --checksum store the content's SHA-256 in hex, for objects whose ETag is
// not an MD5 (multipart uploads).
const SHA256Key = "sha256"

// storageSide is a prefix of a storage container.
type storageSide struct {
	acct      *storage.Account
	container string
	prefix    string // "" or ending in "/"

	parts *semaphore.Weighted // parts in flight, shared by its uploads
}

// partStreams is how many parts all of a side's uploads send at once
// (storage.WriterOptions.Parts). One big file alone sends as many as its
// driver would (4 on S3); with --transfers files uploading at once, each
// sends about one at a time while it reads the next, which keeps the
// server as busy for less CPU and memory: fewer part buffers, each reused
// while it is still in the CPU's cache.
const partStreams = 4

var _ Side = (*storageSide)(nil)

// NewStorage returns the side for container/prefix of acct. The prefix is
// a directory: "photos" and "photos/" are the same.
func NewStorage(acct *storage.Account, container, prefix string) Side {
	prefix = strings.Trim(prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	return &storageSide{acct: acct, container: container, prefix: prefix, parts: semaphore.NewWeighted(partStreams)}
}

func (s *storageSide) String() string {
	return s.acct.Name() + ":" + s.container + "/" + s.prefix
}

func (s *storageSide) key(rel string) string { return s.prefix + rel }

// List yields the objects under the prefix from the paginated listing
// alone: no request per object. Directory markers (keys ending in "/")
// are not files and are left out.
func (s *storageSide) List(ctx context.Context, under string, f *Filter) iter.Seq2[Entry, error] {
	p := s.prefix
	if under != "" {
		p += strings.Trim(under, "/") + "/"
	}
	return func(yield func(Entry, error) bool) {
		for obj, err := range s.acct.List(ctx, s.container, &storage.ListOptions{Prefix: p}) {
			if err != nil {
				yield(Entry{}, err)
				return
			}
			if obj.IsPrefix || strings.HasSuffix(obj.Key, "/") || !strings.HasPrefix(obj.Key, s.prefix) {
				continue
			}
			rel := obj.Key[len(s.prefix):]
			if !f.Match(rel) {
				continue
			}
			if !yield(Entry{Path: rel, Size: obj.Size, ModTime: obj.ModTime, ETag: obj.ETag}, nil) {
				return
			}
		}
	}
}

// Stat is a HEAD: used only off the listing path (retries, watch mode).
func (s *storageSide) Stat(ctx context.Context, rel string) (Entry, error) {
	a, err := s.acct.Stat(ctx, s.container, s.key(rel))
	if err != nil {
		return Entry{}, err
	}
	return Entry{Path: rel, Size: a.Size, ModTime: later(a.ModTime, a.LastModified), ETag: a.ETag}, nil
}

// Open streams an object. The copy gets the listing's ModTime when the
// object is still the one listed, so that the destination then passes the
// comparison rule against that same listing; if the object changed since,
// the later of its mtime and LastModified, which passes it whichever of the
// two the listing shows.
func (s *storageSide) Open(ctx context.Context, e Entry) (*Object, error) {
	r, err := s.acct.NewReader(ctx, s.container, s.key(e.Path), nil)
	if err != nil {
		return nil, err
	}
	a := r.Attributes()
	mt := e.ModTime
	if mt.IsZero() || a.Size != e.Size || (e.ETag != "" && a.ETag != "" && a.ETag != e.ETag) {
		mt = later(a.ModTime, a.LastModified)
	}
	return &Object{
		ReadCloser:  &sizedReader{r: r, want: a.Size},
		Entry:       Entry{Path: e.Path, Size: a.Size, ModTime: mt, ETag: a.ETag},
		ContentType: a.ContentType,
		Metadata:    maps.Clone(a.Metadata),
	}, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sizedReader fails a stream that ends short of (or past) the object's size.
type sizedReader struct {
	r    io.ReadCloser
	want int64
	n    int64
}

func (r *sizedReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	if err == io.EOF && r.n != r.want {
		return n, errs.Errorf(errs.Transient, "read", "", "stream ended at %d of %d bytes", r.n, r.want)
	}
	return n, err
}

func (r *sizedReader) Close() error { return r.r.Close() }

// Put streams o into a storage.Writer: Close commits atomically, and any
// error (or a cancelled ctx) aborts, leaving no object and no parts.
func (s *storageSide) Put(ctx context.Context, o *Object, opts PutOptions) error {
	meta := maps.Clone(o.Metadata)
	if opts.SHA256 != "" {
		if meta == nil {
			meta = map[string]string{}
		}
		meta[SHA256Key] = opts.SHA256
	}
	ct := o.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(path.Ext(o.Path))
	}
	w, err := s.acct.NewWriter(ctx, s.container, s.key(o.Path), &storage.WriterOptions{
		SizeHint:    o.Size,
		ModTime:     o.ModTime,
		ContentType: ct,
		Metadata:    meta,
		Parts:       s.parts,
	})
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, o); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// Delete removes an object.
func (s *storageSide) Delete(ctx context.Context, rel string) error {
	return s.acct.Delete(ctx, s.container, s.key(rel))
}

// Hashes: cheap is the listing's ETag when it is an MD5; otherwise a Stat
// for the stored SHA-256 and the provider's MD5.
func (s *storageSide) Hashes(ctx context.Context, e Entry, cheap bool) (Hashes, error) {
	if cheap {
		return Hashes{MD5: etagMD5(e.ETag)}, nil
	}
	a, err := s.acct.Stat(ctx, s.container, s.key(e.Path))
	if err != nil {
		return Hashes{}, err
	}
	h := Hashes{MD5: etagMD5(a.ETag), SHA256: strings.ToLower(a.Metadata[SHA256Key]), Complete: true}
	if len(a.MD5) == 16 {
		h.MD5 = hex.EncodeToString(a.MD5)
	}
	return h, nil
}

// Recheck: an object that changes after being read does not make the copy
// torn (the reader saw one version), so there is nothing to check.
func (s *storageSide) Recheck(ctx context.Context, o *Object) error { return nil }

// Prepare creates the container if it does not exist.
func (s *storageSide) Prepare(ctx context.Context) error {
	_, err := s.acct.GetContainer(ctx, s.container)
	if errs.Is(err, errs.NotFound) {
		err = s.acct.CreateContainer(ctx, s.container)
		if errs.Is(err, errs.AlreadyExists) {
			err = nil
		}
	}
	if err != nil {
		return fmt.Errorf("prepare %s: %w", s, err)
	}
	return nil
}
