package driver

// Capabilities are facts a driver declares once.
type Capabilities struct {
	// SlaveZones: the provider can hold slave (secondary) zones.
	SlaveZones bool
	// ProviderOwnsApexNS: the provider sets the zone's apex NS records
	// itself (hosted DNS). Zone-file import then leaves them alone; where
	// false (a zone file you serve yourself) they are managed like any
	// other record.
	ProviderOwnsApexNS bool
}

// ListOptions selects a page of a listing.
type ListOptions struct {
	PageToken string // "" for the first page
	PageSize  int    // 0 for the driver's default
}

// ZonePage is one page of zones.
type ZonePage struct {
	Zones         []Zone
	NextPageToken string // "" after the last page
}

// RecordPage is one page of records.
type RecordPage struct {
	Records       []Record
	NextPageToken string // "" after the last page
}

// ZoneSpec describes a zone to create. The portable API hands drivers a
// normalised Domain (ASCII, lower case, no trailing dot) and a TTL > 0.
type ZoneSpec struct {
	Domain string
	Type   ZoneType // "" means master
	TTL    int
	Extra  map[string]string
}

// ZoneUpdate changes a zone; nil fields stay as they are.
type ZoneUpdate struct {
	Type  *ZoneType
	TTL   *int
	Extra map[string]string // nil keeps Extra; non-nil replaces it
}

// RecordSpec describes a record to create or the new value of one. The
// portable API hands drivers canonical values (see Record).
type RecordSpec struct {
	Name     string
	Type     RecordType
	Data     string
	TTL      int
	Priority int
	Extra    map[string]string
}

// Changes is a set of record changes for ChangeApplier, applied as
// deletes, then updates, then creates.
type Changes struct {
	Deletes []Record // by ID
	Updates []RecordUpdate
	Creates []RecordSpec
}

// RecordUpdate replaces the record with ID by Spec.
type RecordUpdate struct {
	ID   string
	Spec RecordSpec
}
