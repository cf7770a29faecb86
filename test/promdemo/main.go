// Command promdemo is a leaky Go service instrumented the way most are: the
// real Prometheus client (client_golang) on /metrics, with the runtime/metrics
// collector on (the live heap, GOMEMLIMIT, GOGC, goroutines by state), pprof
// on /debug/pprof, and no expvar. leakwatch's metrics source reads it; the
// fleet tests' Prometheus scrapes it.
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	addr           = flag.String("addr", "127.0.0.1:0", "listen address")
	portFile       = flag.String("port-file", "", "write the chosen listen address here once listening")
	leakBytes      = flag.Int("leak-bytes", 256<<10, "bytes per second kept forever")
	leakGoroutines = flag.Int("leak-goroutines", 5, "goroutines per second blocked forever")
	memoryLimit    = flag.Int64("memory-limit", 512<<20, "GOMEMLIMIT in bytes (0 = none)")
)

var kept [][]byte

func main() {
	flag.Parse()
	if *memoryLimit > 0 {
		debug.SetMemoryLimit(*memoryLimit)
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(
		collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(collectors.GoRuntimeMetricsRule{Matcher: regexp.MustCompile(`^/(gc|sched|memory)/.*`)})),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	http.Handle("/metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	if *portFile != "" {
		if err := os.WriteFile(*portFile, []byte(ln.Addr().String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			kept = append(kept, make([]byte, *leakBytes/10))
			for i := 0; i < *leakGoroutines/10+1 && *leakGoroutines > 0; i++ {
				go func() {
					reply := make(chan struct{})
					<-reply
				}()
			}
			// Churn the GC sees: a heap that moves, so the live heap is measured often.
			_ = make([]byte, 1<<20)
		}
	}()
	log.Fatal(http.Serve(ln, nil))
}
