// Command fleetsim is a simulated fleet of Go services for leakwatch's fleet
// tests: one exporter serving the runtime metrics of many instances, each
// sample with its own job and instance label (Prometheus scrapes it with
// honor_labels: true). Instance addresses are on loopback (127.x.y.z), so
// opening one from the fleet list can never leave the machine.
//
// Every value is a pure function of the instance and the time, so the history
// written for promtool (-history FILE, OpenMetrics with timestamps, for
// `promtool tsdb create-blocks-from openmetrics`) and the live /metrics served
// afterwards are one continuous series.
//
// Planted shapes (the rest are flat or noisy): heap leakers with a GOMEMLIMIT
// and without, goroutine and fd leakers, a restart, a crash loop, an
// OOM-looping leaker, instances that vanished, new instances warming up, and
// a cache that filled. -manifest prints which instance is which, as JSON.
//
// Standard library only; builds with Go 1.19 and later.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

var (
	count    = flag.Int("instances", 100, "how many instances")
	seed     = flag.Int("seed", 1, "which instances get the planted shapes")
	window   = flag.Duration("window", 30*time.Minute, "history written before now")
	step     = flag.Duration("step", 30*time.Second, "history resolution")
	anchor   = flag.Int64("now", 0, "the time history ends and serving starts (unix seconds; 0 = now)")
	history  = flag.String("history", "", "write OpenMetrics history to this file and exit")
	manifest = flag.Bool("manifest", false, "print the instances and their shapes as JSON and exit")
	addr     = flag.String("addr", "127.0.0.1:0", "serve /metrics here")
	portFile = flag.String("port-file", "", "write the listen address here once listening")
)

const (
	MiB      = 1 << 20
	maxInt64 = 9223372036854775807
	noLimit  = float64(maxInt64)
)

type shape string

const (
	flat        shape = "flat"
	noisy       shape = "noisy"
	heapLimit   shape = "heap-leak-limit"
	heapNoLimit shape = "heap-leak"
	goroutines  shape = "goroutine-leak"
	fds         shape = "fd-leak"
	restarted   shape = "restarted"
	crashLoop   shape = "crash-loop"
	oomLoop     shape = "oom-loop"
	gone        shape = "gone"
	newInstance shape = "new"
	cacheFilled shape = "cache-filled"
)

type instance struct {
	Job      string  `json:"job"`
	Instance string  `json:"instance"`
	Shape    shape   `json:"shape"`
	Limit    float64 `json:"limitBytes"`
	// For heap leakers: bytes per second, and when the limit is reached (unix seconds).
	Rate    float64 `json:"rateBytesPerSecond,omitempty"`
	LimitAt float64 `json:"limitAt,omitempty"`
	base    float64
	hash    uint32
	// A fixed start, for those that do not restart in the window.
	start float64
	// Goroutine, fd and GC-goal details.
	goroutines  float64
	fds         float64
	runtimeLive bool
}

// planted shapes, in order; each gets one instance chosen by the seed (two for heap leakers with a limit).
var planted = []shape{heapLimit, heapLimit, heapLimit, heapNoLimit, heapNoLimit, goroutines, goroutines, fds, restarted, crashLoop, oomLoop, gone, gone, newInstance, newInstance, newInstance, cacheFilled}

func hashOf(parts ...interface{}) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, parts...)
	return h.Sum32()
}

// noise in [-1, 1), the same for the same instance and time.
func noise(inst *instance, t float64, salt int) float64 {
	return float64(hashOf(inst.hash, int64(t), salt)%2000)/1000 - 1
}

func fleet(now float64) []*instance {
	n := *count
	list := make([]*instance, n)
	for i := 0; i < n; i++ {
		job := "api"
		if i%3 == 1 {
			job = "worker"
		} else if i%3 == 2 {
			job = "batch"
		}
		inst := &instance{Job: job, Instance: fmt.Sprintf("127.%d.%d.%d:6060", 1+i/62500, (i/250)%250, 1+i%250), Shape: flat}
		inst.hash = hashOf(*seed, i)
		inst.base = float64(40+inst.hash%200) * MiB
		inst.Limit = noLimit
		if inst.hash%2 == 0 {
			inst.Limit = float64(1+inst.hash%3) * 1024 * MiB
		}
		if inst.hash%5 == 0 {
			inst.Shape = noisy
		}
		inst.start = now - 86400 - float64(inst.hash%86400)
		inst.goroutines = float64(20 + inst.hash%400)
		inst.fds = float64(10 + inst.hash%100)
		inst.runtimeLive = inst.hash%3 != 0
		list[i] = inst
	}
	// Planted shapes at positions spread by the seed, never the first rows of the list.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return hashOf(*seed, "pos", order[a]) < hashOf(*seed, "pos", order[b]) })
	w := window.Seconds()
	for k, s := range planted {
		if k >= n {
			break
		}
		inst := list[order[k]]
		inst.Shape = s
		switch s {
		case heapLimit:
			// The three reach their limit in about 40 minutes, 2 hours and 6 hours, counted as
			// (limit − Go's total memory now) ÷ the live heap's rate; total memory is 2.2× live + 10 MiB.
			inst.Limit = 2048 * MiB
			inst.base = 300 * MiB
			reachIn := []float64{2400, 7200, 21600}[k%3]
			inst.Rate = (inst.Limit - 2.2*inst.base - 10*MiB) / (reachIn + 2.2*w)
			inst.LimitAt = now + reachIn
		case heapNoLimit:
			inst.Limit = noLimit
			inst.Rate = float64(2+k) * MiB / 60
		case oomLoop:
			inst.Limit = 1024 * MiB
		}
	}
	return list
}

// state of an instance at time t: its process start, and whether it is serving.
func startOf(inst *instance, t float64, now float64) (start float64, present bool) {
	switch inst.Shape {
	case restarted:
		if t >= now-300 {
			return now - 300, true
		}
		return inst.start, true
	case newInstance:
		s := now - 180 - float64(inst.hash%120)
		return s, t >= s
	case gone:
		return inst.start, t < now-600
	case crashLoop:
		const period = 180
		return math.Floor(t/period) * period, true
	case oomLoop:
		const period = 480
		return math.Floor(t/period) * period, true
	}
	return inst.start, true
}

// live heap after GC at t.
func liveHeap(inst *instance, t, now float64) float64 {
	start, _ := startOf(inst, t, now)
	age := t - start
	v := inst.base
	switch inst.Shape {
	case noisy:
		v = inst.base * (1 + 0.2*noise(inst, t, 1))
	case heapLimit, heapNoLimit:
		v = inst.base + inst.Rate*(t-(now-window.Seconds()))
	case restarted, newInstance:
		// Warm-up: the caches fill in the first ten minutes.
		v = inst.base * (0.3 + 0.7*math.Min(1, age/600))
	case crashLoop:
		v = 30 * MiB
	case oomLoop:
		// Grows until the Go runtime cannot stay under GOMEMLIMIT, then the container kills it.
		v = 100*MiB + (inst.Limit*0.9-100*MiB)*(age/480)
	case cacheFilled:
		// A cache that filled in the first third of the window, flat since.
		fill := math.Min(1, math.Max(0, (t-(now-window.Seconds()))/(window.Seconds()/3)))
		v = inst.base + 400*MiB*fill
	}
	return v * (1 + 0.01*noise(inst, t, 2))
}

type sample struct {
	name  string
	value float64
}

func samples(inst *instance, t, now float64) []sample {
	start, _ := startOf(inst, t, now)
	live := liveHeap(inst, t, now)
	// The GC sawtooth: heap in use between the live heap and the goal.
	goal := 2 * live
	if inst.Limit < noLimit && goal > inst.Limit*0.95 {
		goal = inst.Limit * 0.95
	}
	phase := math.Mod(t+float64(inst.hash%17), 17) / 17
	inuse := live + (goal-live)*phase
	// Go's total memory (sys − released) is about 2.2× the live heap, and stays under GOMEMLIMIT.
	used := math.Min(inst.Limit*0.999, 2.2*live+10*MiB)
	sys := used / 0.95
	released := sys - used
	g := inst.goroutines * (1 + 0.05*noise(inst, t, 3))
	f := inst.fds + math.Round(3*noise(inst, t, 4))
	switch inst.Shape {
	case goroutines:
		g = inst.goroutines + 8*(t-(now-window.Seconds()))/60
	case fds:
		f = inst.fds + 3*(t-(now-window.Seconds()))/60
	}
	out := []sample{
		{"process_start_time_seconds", start},
		{"process_resident_memory_bytes", sys - released + 8*MiB},
		{"process_open_fds", math.Max(3, math.Round(f))},
		{"go_goroutines", math.Max(1, math.Round(g))},
		{"go_memstats_heap_inuse_bytes", math.Round(inuse)},
		{"go_memstats_next_gc_bytes", math.Round(goal)},
		{"go_memstats_sys_bytes", math.Round(sys)},
		{"go_memstats_heap_released_bytes", math.Round(released)},
		{"go_gc_gomemlimit_bytes", inst.Limit},
	}
	if inst.runtimeLive {
		out = append(out, sample{"go_gc_heap_live_bytes", math.Round(live)})
	}
	return out
}

func number(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func labels(inst *instance) string {
	return fmt.Sprintf(`{job=%q,instance=%q}`, inst.Job, inst.Instance)
}

func writeHistory(path string, list []*instance, now float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	first := now - window.Seconds()
	names := []string{}
	for _, s := range samples(list[0], now, now) {
		names = append(names, s.name)
	}
	names = append(names, "go_gc_heap_live_bytes")
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		fmt.Fprintf(w, "# TYPE %s gauge\n", name)
		for _, inst := range list {
			for t := first; t < now; t += step.Seconds() {
				if _, present := startOf(inst, t, now); !present {
					continue
				}
				for _, s := range samples(inst, t, now) {
					if s.name == name {
						fmt.Fprintf(w, "%s%s %s %d\n", name, labels(inst), number(s.value), int64(t))
					}
				}
			}
		}
	}
	fmt.Fprintln(w, "# EOF")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func main() {
	flag.Parse()
	now := float64(*anchor)
	if now == 0 {
		now = float64(time.Now().Unix())
	}
	list := fleet(now)
	if *manifest {
		_ = json.NewEncoder(os.Stdout).Encode(list)
		return
	}
	if *history != "" {
		if err := writeHistory(*history, list, now); err != nil {
			log.Fatal(err)
		}
		return
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		t := float64(time.Now().UnixNano()) / 1e9
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		out := bufio.NewWriterSize(w, 1<<16)
		byName := map[string][]string{}
		order := []string{}
		for _, inst := range list {
			if _, present := startOf(inst, t, now); !present {
				continue
			}
			for _, s := range samples(inst, t, now) {
				if _, ok := byName[s.name]; !ok {
					order = append(order, s.name)
				}
				byName[s.name] = append(byName[s.name], fmt.Sprintf("%s%s %s", s.name, labels(inst), number(s.value)))
			}
		}
		for _, name := range order {
			fmt.Fprintf(out, "# TYPE %s gauge\n%s\n", name, strings.Join(byName[name], "\n"))
		}
		_ = out.Flush()
	})
	if *portFile != "" {
		if err := os.WriteFile(*portFile, []byte(ln.Addr().String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	log.Fatal(http.Serve(ln, nil))
}
