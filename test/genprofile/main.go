// Command genprofile writes a heap profile with a chosen number of distinct
// stacks, every allocation sampled, for leakwatch's diff tests and benchmark.
//
// Stacks come from a recursion that takes one of two call sites per level:
// depth d gives 2^d distinct stacks, ending in one of 16 leaf functions;
// -prefix adds frames of plain recursion above them (deep stacks).
// Standard library only; builds with Go 1.19+.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
)

var (
	depth  = flag.Int("depth", 12, "recursion depth: 2^depth distinct stacks")
	seed   = flag.Int("seed", 1, "varies sizes and which allocations stay live")
	out    = flag.String("out", "heap.pb.gz", "where to write the heap profile")
	rounds = flag.Int("rounds", 1, "write this many profiles, allocating again before each (out gets -N before .pb.gz)")
	prefix = flag.Int("prefix", 0, "frames of plain recursion above the branching ones: deep stacks (Go 1.23+ records up to 128 frames)")
)

var retained [][]byte
var dropped int

func keep(b []byte) {
	// Which allocations stay live depends on the seed, so two seeds differ in both directions.
	if (len(b)+*seed)%3 != 0 {
		retained = append(retained, b)
	} else {
		dropped += len(b)
	}
}

//go:noinline
func leaf0(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf1(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf2(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf3(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf4(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf5(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf6(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf7(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf8(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf9(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf10(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf11(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf12(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf13(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf14(n int) { keep(make([]byte, n)) }

//go:noinline
func leaf15(n int) { keep(make([]byte, n)) }

var leaves = []func(int){leaf0, leaf1, leaf2, leaf3, leaf4, leaf5, leaf6, leaf7, leaf8, leaf9, leaf10, leaf11, leaf12, leaf13, leaf14, leaf15}

//go:noinline
func a(level, bits, id int) {
	if level == 0 {
		leaves[id%16](64 + (id*(*seed+36))%4000)
		return
	}
	if bits&1 == 0 {
		a(level-1, bits>>1, id)
	} else {
		b(level-1, bits>>1, id)
	}
}

//go:noinline
func b(level, bits, id int) {
	if level == 0 {
		leaves[(id+*seed)%16](64 + (id*(*seed+7))%4000)
		return
	}
	if bits&1 == 0 {
		a(level-1, bits>>1, id)
	} else {
		b(level-1, bits>>1, id)
	}
}

//go:noinline
func deep(n, id int) {
	if n == 0 {
		a(*depth, id, id)
		return
	}
	deep(n-1, id)
}

func main() {
	flag.Parse()
	runtime.MemProfileRate = 1
	n := 1 << *depth
	for round := 0; round < *rounds; round++ {
		// Each round drops part of what the last one kept and allocates again, as a
		// running process would: allocation totals only grow, in-use moves both ways.
		if len(retained) > 0 {
			retained = retained[len(retained)/3:]
		}
		for id := 0; id < n; id++ {
			deep(*prefix, id)
		}
		runtime.GC()
		// Profiles are published at the end of a GC cycle: one more so this round shows.
		runtime.GC()
		name := *out
		if *rounds > 1 {
			name = strings.TrimSuffix(*out, ".pb.gz") + fmt.Sprintf("-%d.pb.gz", round)
		}
		writeProfile(name)
	}
	runtime.KeepAlive(retained)
}

func writeProfile(name string) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
