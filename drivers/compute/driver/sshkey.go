package driver

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// sshKeyTypes are the public key algorithms OpenSSH accepts.
var sshKeyTypes = map[string]bool{
	"ssh-rsa": true, "ssh-dss": true, "ssh-ed25519": true,
	"ecdsa-sha2-nistp256": true, "ecdsa-sha2-nistp384": true, "ecdsa-sha2-nistp521": true,
	"sk-ssh-ed25519@openssh.com": true, "sk-ecdsa-sha2-nistp256@openssh.com": true,
}

// SSHPublicKey is a parsed authorized_keys line.
type SSHPublicKey struct {
	Type    string // "ssh-ed25519"
	Blob    []byte // the wire-format key
	Comment string
}

// ParseSSHPublicKey parses one authorized_keys line ("type base64
// [comment]") and checks that the key's wire format names the same type.
// Drivers and the portable API use it so that every driver rejects the
// same malformed keys with errs.InvalidArgument.
func ParseSSHPublicKey(line string) (*SSHPublicKey, error) {
	bad := func(msg string) error {
		return errs.E(errs.InvalidArgument, "", "public key", errors.New(msg))
	}
	fields := strings.Fields(strings.TrimSpace(line))
	if len(fields) < 2 {
		return nil, bad("want \"<type> <base64> [comment]\"")
	}
	typ := fields[0]
	if !sshKeyTypes[typ] {
		return nil, bad("unknown key type " + quote(typ))
	}
	blob, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return nil, bad("key data is not base64")
	}
	if len(blob) < 4 {
		return nil, bad("key data too short")
	}
	n := binary.BigEndian.Uint32(blob)
	if uint64(n) > uint64(len(blob)-4) || string(blob[4:4+n]) != typ {
		return nil, bad("key data does not match type " + quote(typ))
	}
	if int(4+n) == len(blob) {
		return nil, bad("key data has no key material")
	}
	return &SSHPublicKey{Type: typ, Blob: blob, Comment: strings.Join(fields[2:], " ")}, nil
}

// Fingerprint is the OpenSSH SHA256 fingerprint ("SHA256:...").
func (k *SSHPublicKey) Fingerprint() string {
	sum := sha256.Sum256(k.Blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// String is the canonical authorized_keys line.
func (k *SSHPublicKey) String() string {
	s := k.Type + " " + base64.StdEncoding.EncodeToString(k.Blob)
	if k.Comment != "" {
		s += " " + k.Comment
	}
	return s
}

func quote(s string) string { return "\"" + s + "\"" }
