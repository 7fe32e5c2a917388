// Package zonefmt reads and writes BIND zone files for the DNS API and
// works out the difference between a zone file and a provider's records.
// The portable API (drivers/dns) builds Export and Import on it, and the
// drivers that store zone files (drivers/dns/zonefile) or validate records
// as a provider would (drivers/dns/memory) use its canonical forms, so
// every driver agrees on what a record's data is.
//
// Parsing and writing use github.com/miekg/dns. The rules that make a
// round trip exact (export, import unchanged, zero changes) are:
//
//   - Record data is canonical: what miekg/dns prints for the parsed
//     value, with domain names absolute and lower case, TXT as quoted
//     strings of at most 255 bytes, and the priority of MX and SRV
//     records split off into Record.Priority.
//   - A record's identity is its name, type, priority and data. Several
//     values on one name (an RRset) are separate records; TTL is not part
//     of identity, so a TTL change is an update.
//   - A zone file lists every record with an explicit TTL; a record whose
//     TTL is 0 (the zone's default) is written with the zone's TTL and
//     compares equal to it.
//   - The provider owns the SOA: it is written first, and on import its
//     serial is ignored; other SOA field or TTL changes are an update, and
//     an SOA is never created or deleted.
//   - Apex NS records are written; on import they are managed like any
//     record unless the driver says the provider owns them.
package zonefmt
