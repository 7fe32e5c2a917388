package memory

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"sort"
	"strings"
	"unicode"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListKeyPairs implements driver.KeyPairManager.
func (d *Driver) ListKeyPairs(ctx context.Context) ([]driver.KeyPair, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]driver.KeyPair, 0, len(d.keys))
	for _, k := range d.keys {
		k.Extra = copyMap(k.Extra)
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, errs.Wrap(ctx.Err(), "memory.ListKeyPairs", "")
}

// GetKeyPair implements driver.KeyPairManager.
func (d *Driver) GetKeyPair(ctx context.Context, name string) (*driver.KeyPair, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "memory.GetKeyPair", name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	k, ok := d.keys[name]
	if !ok {
		return nil, errs.E(errs.NotFound, "memory.GetKeyPair", name, nil)
	}
	return &k, nil
}

// ImportKeyPair implements driver.KeyPairManager.
func (d *Driver) ImportKeyPair(ctx context.Context, name, publicKey string) (*driver.KeyPair, error) {
	const op = "memory.ImportKeyPair"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	pk, err := driver.ParseSSHPublicKey(publicKey)
	if err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	return d.addKey(op, driver.KeyPair{Name: name, PublicKey: pk.String(), Fingerprint: pk.Fingerprint()})
}

// CreateKeyPair implements driver.KeyPairCreator with an Ed25519 key; the
// private key is PKCS #8 PEM.
func (d *Driver) CreateKeyPair(ctx context.Context, name string) (*driver.KeyPair, error) {
	const op = "memory.CreateKeyPair"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, errs.E(errs.Transient, op, name, err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, errs.E(errs.Unknown, op, name, err)
	}
	pk := &driver.SSHPublicKey{Type: "ssh-ed25519", Blob: sshEd25519Blob(pub), Comment: name}
	return d.addKey(op, driver.KeyPair{
		Name:        name,
		PublicKey:   pk.String(),
		Fingerprint: pk.Fingerprint(),
		PrivateKey:  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
	})
}

// addKey stores k (without its private key) and returns it (with).
func (d *Driver) addKey(op string, k driver.KeyPair) (*driver.KeyPair, error) {
	if !validKeyName(k.Name) {
		return nil, errs.Errorf(errs.InvalidArgument, op, k.Name, "key pair names are 1 to 255 printable ASCII characters")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.keys[k.Name]; ok {
		return nil, errs.E(errs.AlreadyExists, op, k.Name, nil)
	}
	stored := k
	stored.PrivateKey = ""
	d.keys[k.Name] = stored
	return &k, nil
}

// DeleteKeyPair implements driver.KeyPairManager.
func (d *Driver) DeleteKeyPair(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory.DeleteKeyPair", name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.keys[name]; !ok {
		return errs.E(errs.NotFound, "memory.DeleteKeyPair", name, nil)
	}
	delete(d.keys, name)
	return nil
}

func validKeyName(s string) bool {
	return s != "" && len(s) <= 255 && !strings.ContainsFunc(s, func(r rune) bool {
		return r > unicode.MaxASCII || !unicode.IsPrint(r) || r == '/'
	})
}

// sshEd25519Blob is the SSH wire format of an Ed25519 public key.
func sshEd25519Blob(pub ed25519.PublicKey) []byte {
	var b []byte
	for _, part := range [][]byte{[]byte("ssh-ed25519"), pub} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(part)))
		b = append(b, part...)
	}
	return b
}
