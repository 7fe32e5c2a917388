package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsSecret(t *testing.T) {
	for key, want := range map[string]bool{
		"secret_access_key": true, "password": true, "db_passwd": true, "token": true,
		"session_token": true, "private_key": true, "credentials_json": true, "api_key": true,
		"account_key": true, "key": true, "Secret": true, "client_secret": true,
		"access_key_id": false, "key_id": false, "endpoint": false, "region": false,
		"root": false, "keypair": false, "key_prefix": false, "tenant_id": false,
	} {
		assert.Equal(t, want, IsSecret(key), key)
	}
}

func TestRedacted(t *testing.T) {
	a := &Account{Options: map[string]string{
		"access_key_id":     "AKIA",
		"secret_access_key": "s3cr3t",
		"token":             "",
		"endpoint":          "http://127.0.0.1:9000",
		"proxy":             "http://bob:pa55@proxy:3128/",
		"user_only":         "http://bob@proxy:3128/",
	}}
	got := a.Redacted()
	assert.Equal(t, map[string]string{
		"access_key_id":     "AKIA",
		"secret_access_key": Masked,
		"token":             "",
		"endpoint":          "http://127.0.0.1:9000",
		"proxy":             "http://bob:" + Masked + "@proxy:3128/",
		"user_only":         "http://bob@proxy:3128/",
	}, got)
	assert.Equal(t, "s3cr3t", a.Options["secret_access_key"], "Redacted must not change the account")
	assert.NotNil(t, (&Account{}).Redacted())
}
