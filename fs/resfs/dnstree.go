package resfs

import (
	"context"
	"maps"
	"slices"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// newDNSTree is dns/: one folder per DNS account.
func newDNSTree(m *mount, acc Accounts) gofs.InodeEmbedder {
	var kids []staticChild
	for _, name := range slices.Sorted(maps.Keys(acc.DNS)) {
		kids = append(kids, staticChild{name, newZonesDir(m, name, acc.DNS[name]), true})
	}
	return newStaticDir(m, append(kids, failedAccounts(m, acc, kindDNS)...)...)
}

// zonesDir is dns/<account>/: one folder per zone, named by its domain
// (lower-case ASCII, IDNs in punycode), and .errors. mkdir creates a
// zone, rmdir deletes one that holds nothing but its SOA and apex NS
// records (ENOTEMPTY otherwise). A zone's folder is kept while the zone
// is there, so what it holds in memory (scratch files, the content last
// read) survives the kernel forgetting it.
type zonesDir struct {
	gofs.Inode
	m    *mount
	a    *dns.Account
	errs *errorLog
	path string // "dns/<account>"
	list *listCache
}

func newZonesDir(m *mount, name string, a *dns.Account) *zonesDir {
	z := &zonesDir{m: m, a: a, errs: newErrorLog(m.opts.Logger), path: kindDNS + "/" + name}
	z.list = newListCache(m.opts.ListTTL, func(ctx context.Context) ([]item, error) {
		zones, err := a.ListZones(ctx)
		items := make([]item, len(zones))
		for i, zn := range zones {
			items[i] = item{name: zn.Domain}
		}
		return items, err
	})
	return z
}

const errorsName = ".errors"

var _ = (gofs.NodeOnAdder)((*zonesDir)(nil))

func (z *zonesDir) OnAdd(ctx context.Context) {
	z.AddChild(errorsName, z.NewPersistentInode(ctx, errorsFile(z.m, z.errs), gofs.StableAttr{Mode: syscall.S_IFREG}), true)
}

var _ = (gofs.NodeGetattrer)((*zonesDir)(nil))

func (z *zonesDir) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	z.m.fillDir(&out.Attr, time.Time{})
	return 0
}

var _ = (gofs.NodeLookuper)((*zonesDir)(nil))

func (z *zonesDir) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	if name == errorsName {
		ch := z.GetChild(name)
		var a fuse.AttrOut
		ch.Operations().(*roFile).Getattr(ctx, nil, &a)
		out.Attr = a.Attr
		fresh(out)
		return ch, 0
	}
	ok, err := z.hasZone(ctx, name)
	if err != nil {
		return gone(out, fs.Errno(err))
	}
	if !ok {
		if ch := z.GetChild(name); ch != nil { // deleted elsewhere
			ch.ForgetPersistent()
		}
		return gone(out, syscall.ENOENT)
	}
	ch := z.zoneDir(ctx, name)
	z.m.fillDir(&out.Attr, time.Time{})
	fresh(out)
	return ch, 0
}

// hasZone looks a zone up in the listing, and at the provider if the
// listing came from the cache.
func (z *zonesDir) hasZone(ctx context.Context, domain string) (bool, error) {
	items, loaded, err := z.list.get(ctx)
	if err != nil {
		return false, err
	}
	if _, ok := items[domain]; ok || loaded {
		return ok, nil
	}
	_, err = z.a.ZoneByDomain(ctx, domain)
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.InvalidArgument) {
		return false, nil
	}
	if err == nil {
		z.list.invalidate()
	}
	return err == nil, err
}

// zoneDir returns the zone's folder, making it on first sight.
func (z *zonesDir) zoneDir(ctx context.Context, domain string) *gofs.Inode {
	if ch := z.GetChild(domain); ch != nil {
		return ch
	}
	rd := newResDir(z.m, z.errs, z.path+"/"+domain, newZoneFolder(z.a, domain))
	return z.NewPersistentInode(ctx, rd, gofs.StableAttr{Mode: syscall.S_IFDIR})
}

var _ = (gofs.NodeReaddirer)((*zonesDir)(nil))

func (z *zonesDir) Readdir(ctx context.Context) (gofs.DirStream, syscall.Errno) {
	items, _, err := z.list.get(ctx)
	if err != nil {
		return nil, fs.Errno(err)
	}
	entries := []fuse.DirEntry{{Name: errorsName, Mode: syscall.S_IFREG}}
	for _, d := range names(items) {
		entries = append(entries, fuse.DirEntry{Name: d, Mode: syscall.S_IFDIR})
	}
	return gofs.NewListDirStream(entries), 0
}

var _ = (gofs.NodeMkdirer)((*zonesDir)(nil))

// Mkdir creates a zone. Its records and zone.json stay out of sight
// until written, listed (ls) or for a minute, so that cp -r, which
// creates them with O_EXCL in the folder it just made, can copy a zone
// in.
func (z *zonesDir) Mkdir(ctx context.Context, name string, mode uint32, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	if d, err := zonefmt.NormalizeDomain(name); err != nil || d != name {
		err := errs.Errorf(errs.InvalidArgument, "mkdir", name, "a zone folder is named by its domain in lower-case ASCII (%q)", d)
		z.errs.add(z.path+"/"+name, err)
		return nil, syscall.EINVAL
	}
	_, err := z.a.CreateZone(ctx, dns.ZoneSpec{Domain: name})
	z.list.invalidate()
	if err != nil {
		z.errs.add(z.path+"/"+name, err)
		return nil, fs.Errno(err)
	}
	ch := z.zoneDir(ctx, name)
	ch.Operations().(*resDir).f.(*zoneFolder).hide()
	z.m.fillDir(&out.Attr, time.Time{})
	fresh(out)
	return ch, 0
}

var _ = (gofs.NodeRmdirer)((*zonesDir)(nil))

// Rmdir deletes a zone that holds nothing but its SOA and apex NS
// records; otherwise ENOTEMPTY.
func (z *zonesDir) Rmdir(ctx context.Context, name string) syscall.Errno {
	zn, err := z.a.ZoneByDomain(ctx, name)
	if err == nil {
		err = z.a.DeleteZone(ctx, zn.ID, nil)
	}
	z.list.invalidate()
	if err != nil {
		if !errs.Is(err, errs.NotFound) {
			z.errs.add(z.path+"/"+name, err)
		}
		return fs.Errno(err)
	}
	if ch := z.GetChild(name); ch != nil {
		ch.ForgetPersistent()
	}
	return 0
}

var _ = (gofs.NodeRenamer)((*zonesDir)(nil))

// Rename of a zone folder into another account gives EXDEV, so that mv
// copies the zone over (as cp -r does) and removes the original; a zone
// cannot be renamed within an account (EINVAL).
func (z *zonesDir) Rename(ctx context.Context, name string, newParent gofs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	if other, ok := newParent.(*zonesDir); ok && other != z {
		return syscall.EXDEV
	}
	return syscall.EINVAL
}

var _ = (gofs.NodeUnlinker)((*zonesDir)(nil))

// Unlink refuses: the only file here is .errors. (go-fuse would report
// success for an unlink that a node does not implement.)
func (z *zonesDir) Unlink(ctx context.Context, name string) syscall.Errno { return syscall.EACCES }

var _ = (gofs.NodeCreater)((*zonesDir)(nil))

// Create refuses: an account folder holds zones, made with mkdir.
func (z *zonesDir) Create(ctx context.Context, name string, flags uint32, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	return nil, nil, 0, syscall.EACCES
}
