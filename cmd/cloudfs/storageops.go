package main

import (
	"context"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// storageAccount opens the account of a remote location. name is the
// command, for the error message.
func storageAccount(ctx context.Context, name string, loc location) (*storage.Account, error) {
	reg, err := appFrom(ctx).Registry()
	if err != nil {
		return nil, err
	}
	acct, err := reg.Storage(ctx, loc.Account)
	return acct, fail(name, loc.Raw, "", err)
}

// needContainer fails unless the location names a container.
func needContainer(name string, loc location) error {
	if loc.Container == "" {
		return usagef("%s %s: name a container: %s:CONTAINER[/KEY]", name, loc.Raw, loc.Account)
	}
	return nil
}

// remoteKind says what a remote location is.
type remoteKind int

const (
	remoteMissing remoteKind = iota
	remoteObject             // an object at exactly that key
	remoteDir                // a container root, or a prefix with objects under it
)

// statRemote finds out whether loc is an object, a "directory" (a prefix
// with something under it, or a container root) or nothing. A missing
// container is an error of kind NotFound described as such.
func statRemote(ctx context.Context, name string, acct *storage.Account, loc location) (remoteKind, *storage.Attributes, error) {
	if loc.Key == "" {
		_, err := acct.GetContainer(ctx, loc.Container)
		if err != nil {
			return remoteMissing, nil, fail(name, loc.Raw, "container", err)
		}
		return remoteDir, nil, nil
	}
	if !strings.HasSuffix(loc.Key, "/") {
		attrs, err := acct.Stat(ctx, loc.Container, loc.Key)
		switch {
		case err == nil:
			return remoteObject, attrs, nil
		case !errs.Is(err, errs.NotFound):
			return remoteMissing, nil, fail(name, loc.Raw, "", err)
		}
	}
	page, err := acct.ListPage(ctx, loc.Container, &storage.ListOptions{Prefix: loc.dirPrefix(), PageSize: 1})
	if err != nil {
		return remoteMissing, nil, fail(name, loc.Raw, "container", err)
	}
	if len(page.Objects) > 0 {
		return remoteDir, nil, nil
	}
	return remoteMissing, nil, nil
}

// errNoSuch is the error for a path that names nothing.
func errNoSuch(name string, loc location) error {
	return fail(name, loc.Raw, "", errs.Errorf(errs.NotFound, "", "", "no such object or directory"))
}
