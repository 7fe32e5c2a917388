// Package driver defines the interfaces a DNS provider implements. It is
// used by provider packages (drivers/dns/memory, drivers/dns/zonefile, and
// later PowerDNS, Route53, ...) and by the portable API in drivers/dns,
// which is what everyone else (the mount, the CLI) calls.
//
// Drivers stay small: the portable type normalises zone and record names
// (IDN to punycode, lower case, relative names), canonicalises record
// data, and owns zone-file export and import. Drivers store and return
// what they are given, validate it as their provider does, and classify
// every error with drivers/errs.
package driver

import "context"

// Driver is one configured DNS account.
type Driver interface {
	// ListZones returns one page of zones in domain order. An empty
	// PageToken starts at the beginning; NextPageToken is "" after the last
	// page.
	ListZones(ctx context.Context, opts *ListOptions) (*ZonePage, error)
	// GetZone must return errs.NotFound for an unknown ID.
	GetZone(ctx context.Context, id string) (*Zone, error)
	// CreateZone must return errs.AlreadyExists for a domain the account
	// has and errs.InvalidArgument for a domain, type or TTL the provider
	// does not take. The zone starts with what the provider puts in every
	// zone (an SOA, apex NS records).
	CreateZone(ctx context.Context, spec *ZoneSpec) (*Zone, error)
	// UpdateZone changes the zone's type, TTL or extra. errs.NotFound for
	// an unknown ID.
	UpdateZone(ctx context.Context, id string, u *ZoneUpdate) (*Zone, error)
	// DeleteZone deletes the zone and every record in it. errs.NotFound for
	// an unknown ID.
	DeleteZone(ctx context.Context, id string) error

	// ListRecords returns one page of a zone's records in a stable order.
	// A missing zone must give errs.NotFound.
	ListRecords(ctx context.Context, zoneID string, opts *ListOptions) (*RecordPage, error)
	// GetRecord must return errs.NotFound for an unknown zone or record.
	GetRecord(ctx context.Context, zoneID, id string) (*Record, error)
	// CreateRecord must return errs.NotFound for an unknown zone,
	// errs.AlreadyExists for a record with the same name, type and data,
	// and errs.InvalidArgument for malformed data, an unsupported type or
	// a record the provider refuses (a CNAME beside other data, an SOA).
	CreateRecord(ctx context.Context, zoneID string, spec *RecordSpec) (*Record, error)
	// UpdateRecord replaces a record's name, type, data, TTL and priority,
	// with the errors of CreateRecord plus errs.NotFound for an unknown
	// record. The returned record may have a new ID.
	UpdateRecord(ctx context.Context, zoneID, id string, spec *RecordSpec) (*Record, error)
	// DeleteRecord must return errs.NotFound for an unknown zone or record
	// and errs.InvalidArgument for the SOA.
	DeleteRecord(ctx context.Context, zoneID, id string) error

	// RecordTypes lists the types the provider supports.
	RecordTypes(ctx context.Context) ([]RecordType, error)
	// Capabilities reports what the driver supports beyond the methods
	// above.
	Capabilities() Capabilities
	// Close releases the driver's resources.
	Close() error
}

// ChangeApplier is implemented by drivers that apply a set of record
// changes in one step (Route53's change batches, PowerDNS's PATCH, one
// rewrite of a zone file). Zone-file import uses it when it is there.
type ChangeApplier interface {
	// ApplyChanges applies every change or none. The errors are those of
	// CreateRecord, UpdateRecord and DeleteRecord.
	ApplyChanges(ctx context.Context, zoneID string, c *Changes) error
}
