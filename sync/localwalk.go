package sync

import (
	"context"
	"errors"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// dirItem is one entry of a directory, with the name it sorts by.
type dirItem struct {
	name string
	key  string // name, plus "/" for a directory
	dir  bool
	info fs.FileInfo
}

// List walks the tree under root/under depth first. Each directory's
// entries are sorted as storage keys would be, a directory as its name plus
// "/", so the walk yields paths in the byte order of the keys: "a-b" (0x2d)
// before "a/b" (0x2f) before "a0". Only one directory's entries are held at
// a time per level of depth.
func (l *localSide) List(ctx context.Context, under string, f *Filter) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		start := filepath.Join(l.root, filepath.FromSlash(under))
		st, err := os.Stat(start)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return // nothing there yet: an empty tree
		case err != nil:
			yield(Entry{}, err)
			return
		case !st.IsDir():
			yield(Entry{}, &ListError{Path: under, Err: syscall.ENOTDIR})
			return
		}
		w := &walker{l: l, ctx: ctx, f: f, yield: yield}
		w.stack = append(w.stack, devIno(st))
		w.dir(under)
	}
}

type walker struct {
	l     *localSide
	ctx   context.Context
	f     *Filter
	yield func(Entry, error) bool
	stack []fileID // the directories being walked, for -L loop detection
	done  bool
}

// dir walks one directory; rel is its path from the root ("" for it).
func (w *walker) dir(rel string) {
	if w.done {
		return
	}
	if err := w.ctx.Err(); err != nil {
		w.yield(Entry{}, err)
		w.done = true
		return
	}
	items, err := w.read(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return // the directory vanished while we walked: it is simply gone
		}
		w.done = !w.yield(Entry{}, &ListError{Path: rel, Err: err})
		return
	}
	for _, it := range items {
		if w.done {
			return
		}
		p := joinRel(rel, it.name)
		if it.dir {
			id := devIno(it.info)
			if slices.Contains(w.stack, id) {
				w.l.warn("symlink loop; skipped", p)
				continue
			}
			w.stack = append(w.stack, id)
			w.dir(p)
			w.stack = w.stack[:len(w.stack)-1]
			continue
		}
		if !w.yield(Entry{Path: p, Size: it.info.Size(), ModTime: it.info.ModTime()}, nil) {
			w.done = true
		}
	}
}

// read lists, classifies, filters and sorts one directory.
func (w *walker) read(rel string) ([]dirItem, error) {
	abs := filepath.Join(w.l.root, filepath.FromSlash(rel))
	d, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	ents, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		return nil, err
	}
	items := make([]dirItem, 0, len(ents))
	for _, de := range ents {
		name := de.Name()
		p := joinRel(rel, name)
		if isTempName(name) {
			if fi, err := de.Info(); err == nil && staleTemp(name, time.Since(fi.ModTime())) {
				os.Remove(filepath.Join(abs, name))
			}
			continue
		}
		if !utf8.ValidString(name) {
			w.l.warn("file name is not valid UTF-8; skipped", p)
			continue
		}
		info, err := de.Info()
		if err != nil {
			continue // vanished since ReadDir
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if !w.l.opts.CopyLinks {
				w.l.skipLink(p)
				continue
			}
			if info, err = os.Stat(filepath.Join(abs, name)); err != nil {
				w.l.warn("broken symlink; skipped", p)
				continue
			}
		}
		switch {
		case info.IsDir():
			if w.f.SkipDir(p) {
				continue
			}
			items = append(items, dirItem{name: name, key: name + "/", dir: true, info: info})
		case info.Mode().IsRegular():
			if !w.f.Match(p) {
				continue
			}
			items = append(items, dirItem{name: name, key: name, info: info})
		default:
			// sockets, pipes, devices: not files to copy
		}
	}
	slices.SortFunc(items, func(a, b dirItem) int { return strings.Compare(a.key, b.key) })
	return items, nil
}

func joinRel(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// fileID identifies a directory for loop detection.
type fileID struct{ dev, ino uint64 }

func devIno(fi fs.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileID{uint64(st.Dev), st.Ino}
	}
	return fileID{}
}
