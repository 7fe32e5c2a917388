package sync

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// ListError is a listing error confined to one directory (it could not be
// read). The listing goes on without it; the run counts it as a failure,
// so no deletes follow.
type ListError struct {
	Path string
	Err  error
}

func (e *ListError) Error() string { return "list " + e.Path + ": " + e.Err.Error() }
func (e *ListError) Unwrap() error { return e.Err }

// listItem is one element of a listing stream.
type listItem struct {
	e   Entry
	err error
}

// listAsync runs a listing in its own goroutine, a bounded buffer ahead of
// the consumer, so that both sides are listed at once.
func listAsync(ctx context.Context, seq iter.Seq2[Entry, error]) <-chan listItem {
	ch := make(chan listItem, 1024)
	go func() {
		defer close(ch)
		for e, err := range seq {
			select {
			case ch <- listItem{e, err}:
			case <-ctx.Done():
				return
			}
			if err != nil && !isSoft(err) {
				return
			}
		}
	}()
	return ch
}

func isSoft(err error) bool {
	var le *ListError
	return errors.As(err, &le)
}

// cursor walks one sorted stream and checks that it is sorted.
type cursor struct {
	name   string
	ch     <-chan listItem
	soft   func(error)
	cur    Entry
	ok     bool
	primed bool
	last   string
}

func (c *cursor) next() error {
	for it := range c.ch {
		if it.err != nil {
			if isSoft(it.err) {
				c.soft(it.err)
				continue
			}
			c.ok = false
			return it.err
		}
		if c.primed && it.e.Path <= c.last {
			c.ok = false
			return fmt.Errorf("listing of %s is out of order: %q after %q", c.name, it.e.Path, c.last)
		}
		c.cur, c.ok, c.primed, c.last = it.e, true, true, it.e.Path
		return nil
	}
	c.ok = false
	return nil
}

// mergeJoin walks two sorted listings in step and calls fn once per path
// found on either side, in order, with nil for the side that lacks it.
// Only the two current entries are held, whatever the size of the trees.
// Soft (per-directory) errors go to soft; any other error ends the walk.
// A cancelled ctx ends it too, with ctx's error, so that a cut-short
// listing is never mistaken for a complete one.
func mergeJoin(ctx context.Context, srcName string, src <-chan listItem, dstName string, dst <-chan listItem, soft func(error), fn func(s, d *Entry)) error {
	a := &cursor{name: srcName, ch: src, soft: soft}
	b := &cursor{name: dstName, ch: dst, soft: soft}
	if err := a.next(); err != nil {
		return err
	}
	if err := b.next(); err != nil {
		return err
	}
	for a.ok || b.ok {
		var err error
		switch {
		case a.ok && (!b.ok || a.cur.Path < b.cur.Path):
			s := a.cur
			fn(&s, nil)
			err = a.next()
		case b.ok && (!a.ok || b.cur.Path < a.cur.Path):
			d := b.cur
			fn(nil, &d)
			err = b.next()
		default:
			s, d := a.cur, b.cur
			fn(&s, &d)
			if err = a.next(); err == nil {
				err = b.next()
			}
		}
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}
