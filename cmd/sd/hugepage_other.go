//go:build !linux

package main

// hugeHeap does nothing: transparent huge pages are a Linux feature.
func hugeHeap(int) bool { return false }
