package sync

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDebouncer(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	base := time.Unix(1000, 0)
	at := func(n int) time.Time { return base.Add(ms(n)) }

	d := newDebouncer(ms(500), ms(5000))
	_, ok := d.next()
	assert.False(t, ok)

	// A file written 6 times, 400ms apart, is released once, 500ms after
	// the last write.
	for i := range 6 {
		d.add("slow", at(i*400))
		assert.Empty(t, d.due(at(i*400+399)), "still being written")
	}
	next, ok := d.next()
	assert.True(t, ok)
	assert.Equal(t, at(2000+500), next)
	assert.Empty(t, d.due(at(2499)))
	assert.Equal(t, []string{"slow"}, d.due(at(2500)))
	assert.Empty(t, d.due(at(9999)), "released once")
	assert.Zero(t, d.len())

	// Paths due together come out as one sorted batch.
	d.add("b", at(10000))
	d.add("a", at(10100))
	d.add("c", at(10900))
	assert.Empty(t, d.due(at(10499)))
	assert.Equal(t, []string{"b"}, d.due(at(10500)))
	assert.Equal(t, []string{"a"}, d.due(at(10600)))
	assert.Equal(t, 1, d.len())
	assert.Equal(t, []string{"c"}, d.due(at(20000)))

	// A path that never goes quiet is released at maxWait.
	for i := 0; i <= 60; i++ {
		d.add("log", at(30000+i*100))
	}
	assert.Equal(t, []string{"log"}, d.due(at(35000)))
	// and then starts a new window.
	d.add("log", at(36100))
	assert.Empty(t, d.due(at(36500)))
	assert.Equal(t, []string{"log"}, d.due(at(36600)))
}
