// Test program for tests/rewriter/real_binaries.sh (static Go, no cgo).
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
)

func main() {
	dir := "/tmp"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	path := dir + "/go-test.txt"
	var b strings.Builder
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "row %d %d\n", i, i*i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println("bytes", len(data))
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i <= g*1000; i++ {
				sums[g] += i
			}
		}(g)
	}
	wg.Wait()
	fmt.Println("sums", sums)
	words := strings.Fields("the quick brown fox jumps over the lazy dog")
	sort.Strings(words)
	fmt.Println(strings.Join(words, ","))
	os.Remove(path)
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintln(os.Stderr, "gone:", os.IsNotExist(err))
	}
	os.Exit(5)
}
