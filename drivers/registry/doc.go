// Package registry turns config accounts into open portable accounts. It
// holds the one table of drivers (registry.go: name, kind, constructor and
// a capabilities description) and a Registry that opens each configured
// account lazily, once, with the HTTP client transport/ builds for it. The
// CLI, the mount (fs/) and sync reach every driver through it; nothing
// else imports provider packages.
//
// Adding a driver is one line in registry.go.
package registry
