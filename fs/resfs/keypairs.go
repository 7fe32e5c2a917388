package resfs

import (
	"context"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// keyPairsKind is compute/<account>/keypairs/<name>.pub: the public key in
// authorized_keys format. Writing a new file imports the key; rm deletes
// it. A key pair cannot be changed: writing a different key to an
// existing file is errs.InvalidArgument (rm it and write it again);
// writing the same key again changes nothing.
type keyPairsKind struct{ a *compute.Account }

var _ folder = (*keyPairsKind)(nil)

func (k *keyPairsKind) owns(name string) bool       { return trimSuffix(name, ".pub") != "" }
func (k *keyPairsKind) limit(_ string, def int) int { return min(def, 64<<10) }
func (k *keyPairsKind) res(name string) string      { return trimSuffix(name, ".pub") }

func keyText(kp *compute.KeyPair) []byte { return []byte(strings.TrimSpace(kp.PublicKey) + "\n") }

func (k *keyPairsKind) list(ctx context.Context) ([]item, error) {
	kps, err := k.a.ListKeyPairs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]item, len(kps))
	for i := range kps {
		out[i] = item{kps[i].Name + ".pub", keyText(&kps[i])}
	}
	return out, nil
}

func (k *keyPairsKind) get(ctx context.Context, file string) ([]byte, error) {
	kp, err := k.a.GetKeyPair(ctx, k.res(file))
	if err != nil {
		return nil, err
	}
	return keyText(kp), nil
}

func (k *keyPairsKind) create(ctx context.Context, file string, data []byte) error {
	_, err := k.a.ImportKeyPair(ctx, k.res(file), strings.TrimSpace(string(data)))
	return err
}

func (k *keyPairsKind) update(ctx context.Context, file string, base, data []byte) error {
	name := k.res(file)
	kp, err := k.a.GetKeyPair(ctx, name)
	if err != nil {
		return err
	}
	if sameKey(string(data), kp.PublicKey) {
		return nil
	}
	return errs.Errorf(errs.InvalidArgument, "update key pair", name, "a key pair cannot be changed; rm the file and write the new key")
}

// sameKey compares the type and key of two authorized_keys lines,
// ignoring comments, which providers may drop.
func sameKey(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	return len(fa) >= 2 && len(fb) >= 2 && fa[0] == fb[0] && fa[1] == fb[1]
}

func (k *keyPairsKind) remove(ctx context.Context, file string) error {
	return k.a.DeleteKeyPair(ctx, k.res(file))
}
