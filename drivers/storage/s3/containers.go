package s3

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// ListContainers implements driver.Driver. Servers differ in whether they
// page ListBuckets (MinIO returns everything at once), so the driver
// fetches the whole list, which S3 caps at a few thousand buckets, and
// pages it itself: the token is the last name of the previous page.
func (d *Driver) ListContainers(ctx context.Context, pageToken string, pageSize int) ([]driver.ContainerInfo, string, error) {
	if pageSize <= 0 {
		pageSize = 1000
	}
	var all []driver.ContainerInfo
	in := &s3.ListBucketsInput{}
	for {
		out, err := do(ctx, d, "", d.client.ListBuckets, in)
		if err != nil {
			return nil, "", err
		}
		for _, b := range out.Buckets {
			all = append(all, driver.ContainerInfo{Name: aws.ToString(b.Name), Created: aws.ToTime(b.CreationDate)})
		}
		next := aws.ToString(out.ContinuationToken)
		if next == "" || next == aws.ToString(in.ContinuationToken) {
			break
		}
		in.ContinuationToken = aws.String(next)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	start := sort.Search(len(all), func(i int) bool { return all[i].Name > pageToken })
	if pageToken == "" {
		start = 0
	}
	page := all[start:min(start+pageSize, len(all))]
	next := ""
	if start+len(page) < len(all) {
		next = page[len(page)-1].Name
	}
	return page, next, nil
}

// GetContainer implements driver.Driver with HeadBucket. S3 does not say
// when a bucket was made except in ListBuckets, so Created is zero.
func (d *Driver) GetContainer(ctx context.Context, name string) (*driver.ContainerInfo, error) {
	if _, err := do(ctx, d, name, d.client.HeadBucket, &s3.HeadBucketInput{Bucket: aws.String(name)}); err != nil {
		return nil, err
	}
	return &driver.ContainerInfo{Name: name}, nil
}

// CreateContainer implements driver.Driver. AWS in us-east-1 answers 200
// to a second CreateBucket by the owner, so the driver asks HeadBucket
// first to give AlreadyExists there too.
func (d *Driver) CreateContainer(ctx context.Context, name string) error {
	if _, err := d.GetContainer(ctx, name); err == nil {
		return errs.Errorf(errs.AlreadyExists, "", "", "bucket %q already exists", name)
	}
	in := &s3.CreateBucketInput{Bucket: aws.String(name)}
	if r := d.cfg.region; r != "us-east-1" && r != "auto" && d.cfg.provider == "aws" {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{
			LocationConstraint: types.BucketLocationConstraint(r),
		}
	}
	_, err := do(ctx, d, name, d.client.CreateBucket, in)
	return err
}

// DeleteContainer implements driver.Driver.
func (d *Driver) DeleteContainer(ctx context.Context, name string) error {
	_, err := do(ctx, d, name, d.client.DeleteBucket, &s3.DeleteBucketInput{Bucket: aws.String(name)})
	if err == nil {
		d.regions.Delete(name)
	}
	return err
}
