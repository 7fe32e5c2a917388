package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/transport"
)

// outcome is how a copy or delete ended, for the caller's bookkeeping.
type outcome int

const (
	outcomeOK      outcome = iota
	outcomeChanged         // the source changed under the copy: try again later
	outcomeSkipped         // not a failure: the file vanished, or cannot be copied
	outcomeFailed
)

// errVanished marks a source file that disappeared before it could be read.
var errVanished = errors.New("source file vanished")

// classify logs an error and counts it; it returns the outcome.
func (s *Syncer) classify(path, op string, err error) outcome {
	switch {
	case err == nil:
		return outcomeOK
	case errors.Is(err, ErrSourceChanged):
		s.stats.retried.Add(1)
		s.log.Info("file changed while being copied; will retry", "path", path)
		return outcomeChanged
	case errors.Is(err, errVanished):
		s.stats.skipped.Add(1)
		s.log.Warn("file vanished before it was copied", "path", path)
		return outcomeSkipped
	case errors.Is(err, errSkip):
		s.stats.skipped.Add(1)
		s.log.Warn("skipped", "path", path, "why", err)
		return outcomeSkipped
	}
	s.stats.fail(path, op, err)
	s.log.Error(op+" failed", "path", path, "err", err)
	return outcomeFailed
}

// copyFile copies one file, retrying transient errors with backoff. It
// returns the source entry as it was read.
func (s *Syncer) copyFile(ctx context.Context, e Entry, h *Hashes) (Entry, error) {
	for attempt := 0; ; attempt++ {
		sent, err := s.copyOnce(ctx, e, h)
		if err == nil || !errs.Retryable(err) || attempt >= s.opts.Retries || ctx.Err() != nil {
			return sent, err
		}
		s.stats.retried.Add(1)
		s.log.Info("retrying after a transient error", "path", e.Path, "attempt", attempt+1, "err", err)
		if !sleepCtx(ctx, transport.Backoff(attempt, s.opts.RetryBase, s.opts.RetryMax)) {
			return sent, err
		}
	}
}

// copyOnce opens the source, streams it into the destination's atomic Put,
// then checks the source again: a change while reading aborts the Put (no
// torn object), a change just after it asks for another copy.
func (s *Syncer) copyOnce(ctx context.Context, e Entry, h *Hashes) (Entry, error) {
	if src, dst, ok := s.serverSide(); ok {
		return e, s.copyServerSide(ctx, src, dst, e)
	}
	var opts PutOptions
	if s.opts.Mode == Checksum {
		// The stored hash must be of exactly the bytes uploaded: take it
		// from the check (or read the file for it now), then verify it as
		// the bytes stream, aborting on a mismatch.
		if h == nil || h.SHA256 == "" {
			hh, err := s.src.Hashes(ctx, e, false)
			if err != nil {
				return e, srcErr(err)
			}
			h = &hh
		}
		opts.SHA256 = h.SHA256
	}
	o, err := s.src.Open(ctx, e)
	if err != nil {
		return e, srcErr(err)
	}
	defer o.Close()
	in := s.stats.begin(o.Path, o.Size)
	defer s.stats.end(in)
	var r io.Reader = &meter{ctx: ctx, r: o.ReadCloser, lim: s.opts.BWLimit, stats: s.stats, in: in}
	if opts.SHA256 != "" && o.Metadata[SHA256Key] == "" {
		r = &hashCheck{r: r, h: sha256.New(), want: opts.SHA256}
	} else {
		opts.SHA256 = "" // a storage source's own sha256 travels in its metadata
	}
	put := *o
	put.ReadCloser = io.NopCloser(r)
	if err := s.dst.Put(ctx, &put, opts); err != nil {
		return e, err
	}
	s.stats.copied.Add(1)
	s.stats.copiedBytes.Add(o.Size)
	s.log.Debug("copied", "path", o.Path, "size", o.Size)
	return o.Entry, s.src.Recheck(ctx, o)
}

// serverSide returns the two storage sides when a copy can run on the
// provider: both in one account that has a server-side copy.
func (s *Syncer) serverSide() (*storageSide, *storageSide, bool) {
	src, ok1 := s.src.(*storageSide)
	dst, ok2 := s.dst.(*storageSide)
	if !ok1 || !ok2 || src.acct != dst.acct || !src.acct.Features().ServerSideCopy {
		return nil, nil, false
	}
	return src, dst, true
}

// copyServerSide copies within one account without moving the bytes
// through this process. The copy keeps the source's metadata, its mtime
// included, so the destination's listing shows that mtime or its own, later,
// LastModified: either way the comparison rule holds afterwards.
func (s *Syncer) copyServerSide(ctx context.Context, src, dst *storageSide, e Entry) error {
	in := s.stats.begin(e.Path, e.Size)
	defer s.stats.end(in)
	err := src.acct.Copy(ctx, dst.container, dst.key(e.Path), src.container, src.key(e.Path), nil)
	if err != nil {
		return srcErr(err)
	}
	in.done.Store(e.Size)
	s.stats.bytes.Add(e.Size)
	s.stats.copied.Add(1)
	s.stats.copiedBytes.Add(e.Size)
	s.log.Debug("copied on the server", "path", e.Path, "size", e.Size)
	return nil
}

// srcErr marks a missing source as vanished rather than failed.
func srcErr(err error) error {
	if errs.Is(err, errs.NotFound) {
		return fmt.Errorf("%w: %w", errVanished, err)
	}
	return err
}

// hashCheck verifies at EOF that the bytes have the expected SHA-256.
type hashCheck struct {
	r    io.Reader
	h    hash.Hash
	want string
}

func (c *hashCheck) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(c.h.Sum(nil)) != c.want {
		return n, ErrSourceChanged
	}
	return n, err
}

// deleteFile deletes one destination file, retrying transient errors.
func (s *Syncer) deleteFile(ctx context.Context, path string) outcome {
	var err error
	for attempt := 0; ; attempt++ {
		err = s.dst.Delete(ctx, path)
		if err == nil || !errs.Retryable(err) || attempt >= s.opts.Retries || ctx.Err() != nil {
			break
		}
		if !sleepCtx(ctx, transport.Backoff(attempt, s.opts.RetryBase, s.opts.RetryMax)) {
			break
		}
	}
	switch {
	case err == nil:
		s.stats.deleted.Add(1)
		s.log.Debug("deleted", "path", path)
	case errs.Is(err, errs.NotFound):
		return outcomeOK // gone already
	}
	return s.classify(path, "delete", err)
}
