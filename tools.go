//go:build tools

// Package tools pins module dependencies before code that uses them lands.
package tools

import (
	_ "github.com/BurntSushi/toml"
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/aws/aws-sdk-go-v2/credentials"
	_ "github.com/aws/aws-sdk-go-v2/service/s3"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/hanwen/go-fuse/v2/fs"
	_ "github.com/miekg/dns"
	_ "github.com/spf13/cobra"
	_ "github.com/stretchr/testify/require"
	_ "golang.org/x/net/idna"
	_ "golang.org/x/sync/errgroup"
	_ "golang.org/x/term"
)
