// Package s3 is the storage driver for Amazon S3 and the services that speak
// its API (MinIO, Ceph RGW, Cloudflare R2, DigitalOcean Spaces, Wasabi,
// Backblaze B2, Scaleway). The registry (drivers/registry) opens it for
// accounts of type "s3"; everyone else reaches it through the portable
// drivers/storage.Account.
//
// It uses the official AWS SDK for Go v2 on the HTTP client that transport/
// built for the account, so proxies, TLS settings, the debug trace, fixture
// replay and the one retry layer all apply. The SDK's own retryer is off:
// see docs/S3.md for why, and for the options, provider presets, credential
// order, multipart sizing and rclone compatibility.
//
// Files: options.go and providers.go read the config; credentials.go picks
// the credentials; client.go builds the SDK client; body.go and region.go
// are the client's middlewares; errors.go is the one S3-error table;
// wire.go converts to and from the SDK's types; driver.go holds Open and
// the call helper every operation goes through. The driver methods live in
// containers.go, list.go, objects.go, read.go, writer.go (the streaming
// multipart writer, with partsize.go and bufpool.go), copy.go, presign.go
// and uploads.go. Package s3test starts the MinIO the tests run against.
package s3
