package s3

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/s3/s3test"
	"github.com/cloudfs/cloudfs/transport"
)

// isolateAWSEnv hides the machine's AWS settings from the test: no
// credentials in the environment, no shared files, no instance metadata.
func isolateAWSEnv(t *testing.T) string {
	dir := t.TempDir()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CA_BUNDLE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return dir
}

// openWith opens a driver on the shared MinIO with exactly these options
// (plus provider and endpoint), building the HTTP client after the test
// has set its environment.
func openWith(t *testing.T, opts map[string]string) (*Driver, error) {
	srv := s3test.Shared(t)
	o := map[string]string{"provider": "minio", "endpoint": srv.Endpoint}
	for k, v := range opts {
		o[k] = v
	}
	hc, err := transport.New(transport.Options{})
	require.NoError(t, err)
	return New(t.Context(), params.Params{Account: "creds", Driver: "s3", Options: o, HTTP: hc})
}

// TestWrongKey: a wrong key gives PermissionDenied with one readable line
// naming the server and S3's code.
func TestWrongKey(t *testing.T) {
	srv := s3test.Shared(t)
	for _, tc := range []struct{ id, secret, code string }{
		{"no-such-key", "whatever-secret", "InvalidAccessKeyId"},
		{srv.AccessKey, "not-the-secret", "SignatureDoesNotMatch"},
	} {
		d, err := openWith(t, map[string]string{"access_key_id": tc.id, "secret_access_key": tc.secret})
		require.NoError(t, err)
		a := storage.New("wrong", d)
		for _, err := range a.Containers(t.Context()) {
			require.Error(t, err)
			assert.True(t, errs.Is(err, errs.PermissionDenied), "%v", err)
			assert.Contains(t, err.Error(), "access denied by "+srv.Endpoint+": "+tc.code+": ")
			assert.NotContains(t, err.Error(), "<")
			t.Log(err)
		}
	}
}

// TestEnvCredentialsWithCABundle: with no keys in the config, the AWS
// environment variables are used; AWS_CA_BUNDLE, which makes the SDK's
// config loader refuse a client it did not build, does not get in the way.
func TestEnvCredentialsWithCABundle(t *testing.T) {
	srv := s3test.Shared(t)
	dir := isolateAWSEnv(t)
	t.Setenv("AWS_ACCESS_KEY_ID", srv.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", srv.SecretKey)
	bundle := filepath.Join(dir, "ca.pem")
	writeTestCA(t, bundle)
	t.Setenv("AWS_CA_BUNDLE", bundle)
	d, err := openWith(t, nil)
	require.NoError(t, err)
	assert.Equal(t, credsChain, d.creds)
	_, _, err = d.ListContainers(t.Context(), "", 0)
	require.NoError(t, err)
}

// TestProfileCredentials: the profile option picks a section of the shared
// credentials file; a profile that is not there fails Open clearly.
func TestProfileCredentials(t *testing.T) {
	srv := s3test.Shared(t)
	dir := isolateAWSEnv(t)
	creds := "[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n\n" +
		"[cloudfs-test]\naws_access_key_id = " + srv.AccessKey + "\naws_secret_access_key = " + srv.SecretKey + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "credentials"), []byte(creds), 0o600))
	d, err := openWith(t, map[string]string{"profile": "cloudfs-test"})
	require.NoError(t, err)
	assert.Equal(t, credsChain, d.creds)
	_, _, err = d.ListContainers(t.Context(), "", 0)
	require.NoError(t, err)

	_, err = openWith(t, map[string]string{"profile": "no-such-profile"})
	require.Error(t, err)
	assert.True(t, errs.Is(err, errs.PermissionDenied), "%v", err)
	assert.Contains(t, err.Error(), `"no-such-profile"`)
}

// TestAnonymousPublicBucket: with no credentials anywhere, requests go
// unsigned, which is enough for a public bucket; writes are refused and no
// URL can be signed.
func TestAnonymousPublicBucket(t *testing.T) {
	a, admin, bucket := testAccount(t, nil, nil)
	w, err := a.NewWriter(t.Context(), bucket, "public.txt", &storage.WriterOptions{ContentType: "text/plain", SizeHint: -1})
	require.NoError(t, err)
	_, err = io.WriteString(w, "for everyone")
	require.NoError(t, err)
	require.NoError(t, w.Close())
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},` +
		`"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"]}]}`
	_, err = admin.Client().PutBucketPolicy(t.Context(), &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(policy)})
	require.NoError(t, err)

	isolateAWSEnv(t)
	d, err := openWith(t, nil)
	require.NoError(t, err)
	assert.Equal(t, credsAnonymous, d.creds)
	anon := storage.New("anon", d)
	r, err := anon.NewReader(t.Context(), bucket, "public.txt", nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(r)
	r.Close()
	assert.Equal(t, "for everyone", string(b))
	var keys []string
	for o, err := range anon.List(t.Context(), bucket, nil) {
		require.NoError(t, err)
		keys = append(keys, o.Key)
	}
	assert.Equal(t, []string{"public.txt"}, keys)

	w, err = anon.NewWriter(t.Context(), bucket, "vandal.txt", nil)
	require.NoError(t, err)
	_, _ = io.WriteString(w, "x")
	err = w.Close()
	assert.True(t, errs.Is(err, errs.PermissionDenied), "%v", err)
	_, err = anon.SignedURL(t.Context(), bucket, "public.txt", nil)
	assert.True(t, errs.Is(err, errs.Unimplemented), "%v", err)
}

// writeTestCA writes a self-signed CA certificate as PEM.
func writeTestCA(t *testing.T, path string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "cloudfs test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
}
