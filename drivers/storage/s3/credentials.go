package s3

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Where an account's credentials came from, for messages and tests.
const (
	credsConfig    = "config"
	credsChain     = "aws-chain"
	credsAnonymous = "anonymous"
)

// credentialsFor picks the account's credentials, in this order:
//
//  1. the config's access_key_id and secret_access_key (and session_token);
//  2. the standard AWS chain: the AWS_* environment variables, then the
//     shared credentials and config files (~/.aws) with the profile option
//     or AWS_PROFILE, then web identity, container and instance roles;
//  3. none at all (anonymous requests, for public buckets).
//
// The chain is asked once, here. If it has nothing and no profile was named,
// the account is anonymous; a named profile that fails is an error.
//
// The chain is loaded without our HTTP client: config.LoadDefaultConfig
// refuses a client it cannot add AWS_CA_BUNDLE to, and transport/ already
// trusts that bundle for every S3 request. Credential endpoints (STS, SSO,
// IMDS) use the SDK's own client, which honours AWS_CA_BUNDLE itself.
func credentialsFor(ctx context.Context, c config, account string) (aws.CredentialsProvider, string, error) {
	if c.accessKeyID != "" {
		return credentials.NewStaticCredentialsProvider(c.accessKeyID, c.secretAccessKey, c.sessionToken), credsConfig, nil
	}
	profile := c.profile
	opts := []func(*awsconfig.LoadOptions) error{
		awsconfig.WithRegion(c.region),
		awsconfig.WithLogger(logging.Nop{}),
	}
	if profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(profile))
	} else {
		profile = os.Getenv("AWS_PROFILE")
	}
	fail := func(err error) (aws.CredentialsProvider, string, error) {
		return nil, "", errs.Errorf(errs.PermissionDenied, "open s3", account,
			"credentials of AWS profile %q: %v", profile, err)
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		if profile != "" {
			return fail(err)
		}
		return aws.AnonymousCredentials{}, credsAnonymous, nil
	}
	if cfg.Credentials == nil {
		return aws.AnonymousCredentials{}, credsAnonymous, nil
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, "", errs.Wrap(ctx.Err(), "open s3", account)
		}
		if profile != "" {
			return fail(err)
		}
		return aws.AnonymousCredentials{}, credsAnonymous, nil
	}
	return cfg.Credentials, credsChain, nil
}
