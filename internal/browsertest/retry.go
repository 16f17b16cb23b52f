// Package browsertest holds what the tests that drive headless Chromium
// through chromedp share.
package browsertest

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/chromedp"
)

// Chromium's answers to a call in a page's JavaScript context that is gone:
// gone before the call (nothing ran), or during it (the page navigated
// away while the call ran; Chromium gives either of the last two).
const (
	staleContext     = "Cannot find context with specified id"
	destroyedContext = "Execution context was destroyed."
	navigatedAway    = "Inspected target navigated or closed"
)

// Retry returns action, run again while Chromium answers that the page's
// JavaScript context was gone before the call, until ctx ends.
//
// chromedp runs an evaluation in the context it last recorded for the page,
// and records a new one only when its own goroutine has handled the
// navigation's events; Navigate returns on the load event, which another
// goroutine sees first. An evaluation right after a navigation can so name
// the old page's context. Chromium then runs nothing, so running the
// action again is safe even when it has effects.
func Retry[T any](action chromedp.Action[T]) chromedp.Action[T] {
	return retry(action, staleContext)
}

// RetryRead is Retry for an action that only reads the page, such as a
// Poll: it also runs the action again when the context went away while the
// action ran, as a poll started in the document being left does.
func RetryRead[T any](action chromedp.Action[T]) chromedp.Action[T] {
	return retry(action, staleContext, destroyedContext, navigatedAway)
}

func retry[T any](action chromedp.Action[T], answers ...string) chromedp.Action[T] {
	return func(ctx context.Context, t *chromedp.Target) (T, error) {
		for {
			v, err := action(ctx, t)
			var cerr *cdproto.Error
			if err == nil || !errors.As(err, &cerr) || !slices.Contains(answers, cerr.Message) {
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
