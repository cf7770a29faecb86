// Command leakydemo is a small Go service that leaks on purpose, so that
// leakwatch has a real process to watch in tests and in `npm run demo`.
//
// It has one of each shape leakwatch must tell apart:
//   - a heap site that grows steadily (sessions that are never evicted),
//   - goroutines that block forever (workers waiting on a channel nobody closes),
//   - a site that allocates a lot but keeps nothing (churn),
//   - a cache that fills once at start and then stays flat,
//   - a fixed pool of idle goroutines (flat).
//
// Standard library only; builds with Go 1.19 and later without downloading modules.
package main

import (
	"expvar"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

var (
	addr           = flag.String("addr", "localhost:6060", "listen address (host:port; port 0 picks a free one)")
	leakBytes      = flag.Int("leak-bytes", 128<<10, "bytes per second retained forever by the growing heap site (0 = none)")
	leakGoroutines = flag.Float64("leak-goroutines", 4, "goroutines per second that block forever (0 = none)")
	churnBytes     = flag.Int("churn-bytes", 8<<20, "bytes per second allocated and dropped at once")
	cacheBytes     = flag.Int("cache-bytes", 4<<20, "size of the cache filled once at start (flat)")
	poolSize       = flag.Int("pool", 8, "idle worker goroutines (flat)")
	profileRate    = flag.Int("mem-profile-rate", 0, "runtime.MemProfileRate; 0 keeps Go's default (512 KiB)")
	metrics        = flag.Bool("metrics", false, "also serve Prometheus text format on /metrics")
	noVars         = flag.Bool("no-vars", false, "do not serve /debug/vars (a service without expvar)")
	portFile       = flag.String("port-file", "", "write the chosen listen address to this file once listening")
	leakFiles      = flag.Float64("leak-files", 0, "files per second opened and never closed (an fd leak)")
)

var (
	requests  = expvar.NewInt("requests_total")
	queue     = expvar.NewInt("queue_depth")
	cacheVars = expvar.NewMap("cache")
	leaked    = expvar.NewInt("leaked_sessions")
)

// session is what the leaky store keeps forever.
type session struct {
	id      int
	payload []byte
}

type sessionStore struct {
	mu       sync.Mutex
	sessions []*session
}

// remember is the growing heap site: nothing ever evicts a session.
func (s *sessionStore) remember(id, size int) {
	sess := &session{id: id, payload: make([]byte, size)}
	s.mu.Lock()
	s.sessions = append(s.sessions, sess)
	s.mu.Unlock()
	leaked.Add(1)
}

var store sessionStore

// cache is filled once: large but flat.
var cache map[int][]byte

func fillCache(total int) {
	cache = make(map[int][]byte)
	const entry = 16 << 10
	for i := 0; i*entry < total; i++ {
		cache[i] = make([]byte, entry)
	}
	cacheVars.Add("entries", int64(len(cache)))
	cacheVars.Add("bytes", int64(total))
}

var churnSink int

// churn allocates buffers that die at once: a lot of allocation, nothing retained.
func churn(total int) {
	for allocated := 0; allocated < total; {
		n := 4<<10 + rand.Intn(60<<10)
		buf := make([]byte, n)
		buf[n-1] = byte(n)
		churnSink += int(buf[n-1])
		allocated += n
	}
}

// handleJob is the goroutine leak: it waits for a reply on a channel nobody
// else holds, so it never comes (a leak Go 1.26's goroutineleak profile proves).
func handleJob(id int) {
	requests.Add(1)
	reply := make(chan struct{})
	<-reply
	fmt.Println("unreachable", id)
}

// jobs feeds the idle pool; held here, so the pool is waiting, not leaked.
var jobs = make(chan int)

// idleWorker is part of a fixed pool: present from the start, never more of them.
func idleWorker(jobs <-chan int) {
	for j := range jobs {
		queue.Add(int64(-j))
	}
}

// shortTask lives a few milliseconds: goroutine count noise, not a leak.
func shortTask(wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(time.Duration(rand.Intn(20)) * time.Millisecond)
	requests.Add(1)
}

func main() {
	flag.Parse()
	if *profileRate > 0 {
		runtime.MemProfileRate = *profileRate
	}

	fillCache(*cacheBytes)
	for i := 0; i < *poolSize; i++ {
		go idleWorker(jobs)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("leakydemo: %v", err)
	}
	if *portFile != "" {
		if err := os.WriteFile(*portFile, []byte(ln.Addr().String()), 0o644); err != nil {
			log.Fatalf("leakydemo: %v", err)
		}
	}
	var handler http.Handler = http.DefaultServeMux
	if *noVars || *metrics {
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case *metrics && r.URL.Path == "/metrics":
				writeMetrics(w)
			case *noVars && r.URL.Path == "/debug/vars":
				http.NotFound(w, r)
			default:
				http.DefaultServeMux.ServeHTTP(w, r)
			}
		})
	}
	go func() { log.Fatal(http.Serve(ln, handler)) }()
	fmt.Printf("leakydemo listening on http://%s (pid %d)\n", ln.Addr(), os.Getpid())

	const tick = 100 * time.Millisecond
	ticksPerSecond := int(time.Second / tick)
	var goroutineDebt, fileDebt float64
	id := 0
	for range time.Tick(tick) {
		id++
		if *leakBytes > 0 {
			store.remember(id, *leakBytes/ticksPerSecond)
		}
		fileDebt += *leakFiles / float64(ticksPerSecond)
		for ; fileDebt >= 1; fileDebt-- {
			openAndForget()
		}
		goroutineDebt += *leakGoroutines / float64(ticksPerSecond)
		for ; goroutineDebt >= 1; goroutineDebt-- {
			go handleJob(id)
		}
		churn(*churnBytes / ticksPerSecond)
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go shortTask(&wg)
		}
		queue.Set(int64(rand.Intn(50)))
	}
}

var openFiles []*os.File

// openAndForget is the fd leak: a file opened and never closed.
func openAndForget() {
	f, err := os.Open(os.DevNull)
	if err == nil {
		openFiles = append(openFiles, f)
	}
}

// writeMetrics writes a few client_golang-compatible series in the Prometheus
// text format, for services that expose /metrics instead of expvar.
func writeMetrics(w http.ResponseWriter) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var b strings.Builder
	gauge := func(name, help string, v float64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
	}
	counter := func(name, help string, v float64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %g\n", name, help, name, name, v)
	}
	gauge("go_goroutines", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	gauge("go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", float64(ms.HeapInuse))
	gauge("go_memstats_heap_alloc_bytes", "Number of heap bytes allocated and still in use.", float64(ms.HeapAlloc))
	gauge("go_memstats_heap_objects", "Number of allocated objects.", float64(ms.HeapObjects))
	gauge("go_memstats_heap_sys_bytes", "Number of heap bytes obtained from system.", float64(ms.HeapSys))
	gauge("go_memstats_heap_idle_bytes", "Number of heap bytes waiting to be used.", float64(ms.HeapIdle))
	gauge("go_memstats_heap_released_bytes", "Number of heap bytes released to OS.", float64(ms.HeapReleased))
	gauge("go_memstats_next_gc_bytes", "Number of heap bytes when next garbage collection will take place.", float64(ms.NextGC))
	gauge("go_memstats_sys_bytes", "Number of bytes obtained from system.", float64(ms.Sys))
	counter("go_memstats_alloc_bytes_total", "Total number of bytes allocated, even if freed.", float64(ms.TotalAlloc))
	counter("go_memstats_mallocs_total", "Total number of mallocs.", float64(ms.Mallocs))
	counter("go_memstats_frees_total", "Total number of frees.", float64(ms.Frees))
	gauge("go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", float64(ms.LastGC)/1e9)
	if statm, err := os.ReadFile("/proc/self/statm"); err == nil {
		var size, resident int64
		fmt.Sscan(string(statm), &size, &resident)
		gauge("process_resident_memory_bytes", "Resident memory size in bytes.", float64(resident*int64(os.Getpagesize())))
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		gauge("process_open_fds", "Number of open file descriptors.", float64(len(fds)))
	}
	threads, _ := runtime.ThreadCreateProfile(nil)
	gauge("go_threads", "Number of OS threads created.", float64(threads))
	fmt.Fprintf(&b, "# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.\n# TYPE go_gc_duration_seconds summary\n")
	fmt.Fprintf(&b, "go_gc_duration_seconds_sum %g\ngo_gc_duration_seconds_count %d\n", float64(ms.PauseTotalNs)/1e9, ms.NumGC)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprint(w, b.String())
}
