package transport_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

func TestSecretHeader(t *testing.T) {
	for name, secret := range map[string]bool{
		"Authorization":        true,
		"authorization":        true,
		"Proxy-Authorization":  true,
		"X-Amz-Security-Token": true,
		"X-Api-Key":            true,
		"Cookie":               true,
		"Set-Cookie":           true,
		"X-Amz-Server-Side-Encryption-Customer-Key": true,
		"X-Goog-Signature":                          true,
		"X-Client-Secret":                           true,
		"X-Auth-Token":                              true,
		"X-Amz-Content-Sha256":                      false,
		"X-Amz-Date":                                false,
		"Content-Type":                              false,
		"Range":                                     false,
		"X-Amz-Request-Id":                          false,
	} {
		require.Equal(t, secret, transport.SecretHeader(name), name)
	}
}

func TestSecretQueryParam(t *testing.T) {
	for name, secret := range map[string]bool{
		"X-Amz-Signature":      true,
		"Signature":            true,
		"sig":                  true,
		"X-Goog-Signature":     true,
		"token":                true,
		"X-Amz-Security-Token": true,
		"X-Amz-Credential":     true,
		"key":                  true,
		"client_secret":        true,
		"X-Amz-Date":           false,
		"prefix":               false,
		"list-type":            false,
		"continuation-token":   false,
		"uploadId":             false,
		"partNumber":           false,
	} {
		require.Equal(t, secret, transport.SecretQueryParam(name), name)
	}
}

func TestRedactHeader(t *testing.T) {
	h := http.Header{
		"Authorization":        {sigV4Auth},
		"X-Amz-Security-Token": {sessionToken},
		"X-Amz-Content-Sha256": {emptySHA256},
		"Cookie":               {"a=1", "b=2"},
	}
	got := transport.RedactHeader(h)
	require.Equal(t, http.Header{
		"Authorization":        {"AWS4-HMAC-SHA256 REDACTED"},
		"X-Amz-Security-Token": {"REDACTED"},
		"X-Amz-Content-Sha256": {emptySHA256},
		"Cookie":               {"REDACTED", "REDACTED"},
	}, got)
	require.Equal(t, sigV4Auth, h.Get("Authorization"), "the input is not modified")

	require.Equal(t, "REDACTED", transport.RedactHeader(http.Header{"Authorization": {"opaque"}}).Get("Authorization"))
	require.Equal(t, "Bearer REDACTED", transport.RedactHeader(http.Header{"Authorization": {"Bearer ya29.a0Af"}}).Get("Authorization"))
}

func TestRedactURL(t *testing.T) {
	tests := map[string]string{
		"https://s3.amazonaws.com/b/k?" + presignedQuery: "https://s3.amazonaws.com/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED" +
			"&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=REDACTED",
		"https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=abc%2Bdef": "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=REDACTED",
		"https://storage.googleapis.com/b/o?X-Goog-Signature=0a1b":           "https://storage.googleapis.com/b/o?X-Goog-Signature=REDACTED",
		"https://api.example.com/v1?token=t0k3n&page=2":                      "https://api.example.com/v1?token=REDACTED&page=2",
		"https://user:hunter2@proxy.example.com/x":                           "https://user:REDACTED@proxy.example.com/x",
		"https://s3.amazonaws.com/b?list-type=2&prefix=a%2Fb":                "https://s3.amazonaws.com/b?list-type=2&prefix=a%2Fb",
	}
	for in, want := range tests {
		u, err := url.Parse(in)
		require.NoError(t, err)
		require.Equal(t, want, transport.RedactURL(u), in)
	}
}
