// Command leakzoo is a small service with the leaks Go services really have,
// and the shapes that look like leaks but are not, for leakwatch's accuracy
// tests. With -clean every leak is fixed and only the decoys remain.
//
// Leaks (each at a rate a real service might have):
//   - an HTTP client that never closes resp.Body (connections, their buffers
//     and their read/write goroutines pile up),
//   - workers blocked forever on a send after their caller gave up,
//   - tickers never stopped, each with the goroutine that ranges over it,
//   - a package-level map that keeps growing (its bucket arrays rehash),
//   - contexts derived from a long-lived one and never cancelled,
//   - goroutines waiting on a WaitGroup that never reaches zero,
//   - a tiny-object leak (500 small objects a second),
//   - a leak in bursts (512 KiB every 15 s, nothing in between).
//
// Decoys: a bounded cache that fills in its first 20 s and then turns its
// entries over, a warm-up table loaded for 10 s, a buffer pool that
// saw-tooths, a session table replaced by an empty one every 12 s, heavy
// JSON churn, goroutine churn, and a slice truncated and reused.
//
// Standard library only; builds with Go 1.19 and later.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	_ "expvar"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

var (
	addr        = flag.String("addr", "127.0.0.1:0", "listen address")
	portFile    = flag.String("port-file", "", "write the chosen listen address here once listening")
	clean       = flag.Bool("clean", false, "every leak fixed: only the decoys run")
	profileRate = flag.Int("mem-profile-rate", 0, "runtime.MemProfileRate; 0 keeps Go's default (512 KiB)")
	cacheFill   = flag.Duration("cache-fill", 20*time.Second, "how long the bounded cache takes to fill")
)

func main() {
	flag.Parse()
	if *profileRate > 0 {
		runtime.MemProfileRate = *profileRate
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	upstream := startUpstream()
	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	go func() { log.Fatal(http.Serve(ln, nil)) }()
	if *portFile != "" {
		if err := os.WriteFile(*portFile, []byte(ln.Addr().String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	// Decoys, with or without -clean.
	go boundedCache(*cacheFill)
	go warmUp(10 * time.Second)
	go bufferPool()
	go sessionTable()
	go jsonChurn()
	go goroutineChurn()
	go reusedSlice()

	leaks := !*clean
	every(200*time.Millisecond, func() { pollUpstream(upstream, leaks) })
	every(100*time.Millisecond, func() { fetchWithTimeout(leaks) })
	every(500*time.Millisecond, func() { startHeartbeat(leaks) })
	every(20*time.Millisecond, func() { remember(leaks) })
	every(200*time.Millisecond, func() { awaitShards(leaks) })
	every(2*time.Millisecond, func() { keepTiny(leaks) })
	every(15*time.Second, func() { burst(leaks) })
	select {}
}

func every(period time.Duration, f func()) {
	go func() {
		for range time.Tick(period) {
			f()
		}
	}()
}

// --- leaks -----------------------------------------------------------------

// startUpstream serves a slow stream on loopback: a body nobody reads to the end.
func startUpstream() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, "first line")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	go func() { log.Fatal(http.Serve(ln, mux)) }()
	return "http://" + ln.Addr().String() + "/feed"
}

var upstreamClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}

// pollUpstream reads the first line and forgets the body: the connection, its
// buffers and its two goroutines stay. Fixed, it closes the body.
func pollUpstream(url string, leak bool) {
	resp, err := upstreamClient.Get(url)
	if err != nil {
		return
	}
	line := make([]byte, 16)
	_, _ = resp.Body.Read(line)
	if !leak {
		resp.Body.Close()
	}
}

type answer struct{ payload []byte }

// fetchWithTimeout gives up after 5 ms; the worker's send then blocks for ever
// on an unbuffered channel nobody reads. Fixed, the channel has room for it.
func fetchWithTimeout(leak bool) {
	size := 0
	if !leak {
		size = 1
	}
	ch := make(chan answer, size)
	go slowLookup(ch)
	select {
	case a := <-ch:
		_ = a
	case <-time.After(5 * time.Millisecond):
	}
}

func slowLookup(ch chan<- answer) {
	time.Sleep(20 * time.Millisecond)
	ch <- answer{payload: make([]byte, 2048)}
}

var heartbeats []*time.Ticker

// startHeartbeat starts a ticker and a goroutine ranging over it, and never
// stops either. Fixed, the ticker is stopped after a few beats.
func startHeartbeat(leak bool) {
	t := time.NewTicker(time.Hour)
	if leak {
		heartbeats = append(heartbeats, t)
		go beat(t)
		return
	}
	t.Stop()
}

func beat(t *time.Ticker) {
	buf := make([]byte, 1024)
	for range t.C {
		buf[0]++
	}
}

var (
	seenMu sync.Mutex
	seen   = map[string][]byte{}
	seenN  int
)

// remember adds an entry to a package-level map and never deletes one: 25 KiB/s,
// and every few seconds a bucket array twice the size (the old one freed a GC later).
// Fixed, the map keeps the last 100.
func remember(leak bool) {
	seenMu.Lock()
	defer seenMu.Unlock()
	seenN++
	seen["k"+strconv.Itoa(seenN)] = make([]byte, 500)
	if !leak {
		delete(seen, "k"+strconv.Itoa(seenN-100))
	}
}

var (
	root, rootCancel = context.WithCancel(context.Background())
	shardWG          sync.WaitGroup
)

// awaitShards derives a context from a long-lived one without cancelling it
// (the parent keeps every child), and waits on a WaitGroup that never reaches
// zero. Fixed, it cancels, and the count is balanced.
func awaitShards(leak bool) {
	ctx, cancel := context.WithCancel(root)
	if !leak {
		defer cancel()
	}
	_ = ctx
	shardWG.Add(1)
	if !leak {
		shardWG.Done()
	}
	go func() {
		if leak {
			shardWG.Wait()
		}
	}()
}

type tiny struct{ a, b uint64 }

var tinies []*tiny

// keepTiny keeps 500 objects of 16 bytes a second. Fixed, it keeps the last 1,000.
func keepTiny(leak bool) {
	tinies = append(tinies, &tiny{a: 1})
	if !leak && len(tinies) > 1000 {
		tinies = append(tinies[:0], tinies[len(tinies)-1000:]...)
	}
}

var bursts [][]byte

// burst keeps 512 KiB every 15 s and nothing in between. Fixed, it keeps the last one.
func burst(leak bool) {
	block := make([]byte, 512<<10)
	block[0] = 1
	if leak {
		bursts = append(bursts, block)
	} else {
		bursts = [][]byte{block}
	}
}

// --- decoys ----------------------------------------------------------------

// boundedCache fills to 2,000 entries of 4 KiB over `fill`, then keeps
// replacing entries at the same size: it grows, then plateaus.
func boundedCache(fill time.Duration) {
	const size = 2000
	cache := make(map[int][]byte, size)
	// Filled by the clock, not by counting sleeps: on a loaded machine the fill still ends on time.
	start := time.Now()
	for i := 0; i < size; {
		due := int(float64(size) * float64(time.Since(start)) / float64(fill))
		for ; i < due && i < size; i++ {
			cache[i] = make([]byte, 4096)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Full: entries turn over at the same size.
	for i := 0; ; i++ {
		cache[i%size] = make([]byte, 4096)
		time.Sleep(15 * time.Millisecond)
	}
}

var warmTable [][]byte

// warmUp loads a table for `d`, then never touches it again.
func warmUp(d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		warmTable = append(warmTable, make([]byte, 8192))
		time.Sleep(20 * time.Millisecond)
	}
}

// sessionTable keeps 8 KiB per session, 50 a second, and is replaced by an
// empty table every 12 s: it climbs and falls back, keeping nothing.
func sessionTable() {
	table := map[int][]byte{}
	cleared := time.Now()
	for i := 0; ; i++ {
		table[i] = make([]byte, 8192)
		if time.Since(cleared) >= 12*time.Second {
			table = map[int][]byte{}
			cleared = time.Now()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var pool = sync.Pool{New: func() interface{} { return new(bytes.Buffer) }}

// bufferPool borrows and returns buffers of varying size: a pool that saw-tooths.
func bufferPool() {
	for range time.Tick(10 * time.Millisecond) {
		buf := pool.Get().(*bytes.Buffer)
		buf.Reset()
		buf.Write(make([]byte, 1024+rand.Intn(64<<10)))
		pool.Put(buf)
	}
}

type record struct {
	ID    int               `json:"id"`
	Name  string            `json:"name"`
	Tags  []string          `json:"tags"`
	Attrs map[string]string `json:"attrs"`
}

// jsonChurn encodes and decodes records: a lot of allocation, nothing kept.
func jsonChurn() {
	for range time.Tick(5 * time.Millisecond) {
		records := make([]record, 50)
		for i := range records {
			records[i] = record{ID: i, Name: "name" + strconv.Itoa(i), Tags: []string{"a", "b"}, Attrs: map[string]string{"k": "v"}}
		}
		data, _ := json.Marshal(records)
		var back []record
		_ = json.Unmarshal(data, &back)
	}
}

// goroutineChurn starts short-lived goroutines all the time.
func goroutineChurn() {
	for range time.Tick(5 * time.Millisecond) {
		for i := 0; i < 5; i++ {
			go func() {
				time.Sleep(time.Duration(rand.Intn(30)) * time.Millisecond)
				_, _ = io.Discard.Write([]byte("x"))
			}()
		}
	}
}

var scratch []int

// reusedSlice truncates a slice and fills it again.
func reusedSlice() {
	for range time.Tick(10 * time.Millisecond) {
		scratch = scratch[:0]
		for i := 0; i < 1000+rand.Intn(1000); i++ {
			scratch = append(scratch, i)
		}
	}
}

var _ = rootCancel
