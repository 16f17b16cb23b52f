// Package browsertest holds what the tests that drive headless Chromium
// through chromedp share.
package browsertest

import (
	"context"
	"errors"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/chromedp"
)

// staleContext is Chromium's answer to a call in a JavaScript context that
// no longer exists.
const staleContext = "Cannot find context with specified id"

// Retry returns action, run again while Chromium answers that the page's
// JavaScript context is gone, until ctx ends.
//
// chromedp runs an evaluation in the context it last recorded for the page,
// and records a new one only when its own goroutine has handled the
// navigation's events; Navigate returns on the load event, which another
// goroutine sees first. An evaluation right after a navigation can so name
// the old page's context. Chromium then runs nothing, so running the
// action again is safe even when it has effects.
func Retry[T any](action chromedp.Action[T]) chromedp.Action[T] {
	return func(ctx context.Context, t *chromedp.Target) (T, error) {
		for {
			v, err := action(ctx, t)
			var cerr *cdproto.Error
			if err == nil || !errors.As(err, &cerr) || cerr.Message != staleContext {
				return v, err
			}
			select {
			case <-ctx.Done():
				return v, err
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
}
