package browsertest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// failing returns an action that fails with err its first n calls, then
// returns the number of calls.
func failing(n int, err error) (chromedp.Action[int], *int) {
	calls := 0
	return func(context.Context, *chromedp.Target) (int, error) {
		calls++
		if calls <= n {
			return 0, err
		}
		return calls, nil
	}, &calls
}

func TestRetry(t *testing.T) {
	stale := &cdproto.Error{Code: -32000, Message: staleContext}
	destroyed := &cdproto.Error{Code: -32000, Message: destroyedContext}
	navigated := &cdproto.Error{Code: -32000, Message: navigatedAway}
	other := &cdproto.Error{Code: -32000, Message: "Object reference chain is too long"}
	tests := []struct {
		name      string
		read      bool // RetryRead, not Retry
		fails     int
		err       error
		wantCalls int
		wantErr   bool
	}{
		{"no error", false, 0, nil, 1, false},
		{"stale context, then the answer", false, 3, stale, 4, false},
		{"stale context, wrapped", false, 2, fmt.Errorf("evaluate: %w", stale), 3, false},
		{"a context destroyed during the call is returned at once", false, 5, destroyed, 1, true},
		{"another error is returned at once", false, 5, errors.New("page crashed"), 1, true},
		{"read: stale context, then the answer", true, 2, stale, 3, false},
		{"read: context destroyed during the call, then the answer", true, 2, destroyed, 3, false},
		{"read: the page navigated during the call, then the answer", true, 1, navigated, 2, false},
		{"read: another browser error is returned at once", true, 5, other, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action, calls := failing(tt.fails, tt.err)
			run := Retry(action)
			if tt.read {
				run = RetryRead(action)
			}
			v, err := run(context.Background(), nil)
			assert.Equal(t, tt.wantCalls, *calls)
			if tt.wantErr {
				assert.Equal(t, tt.err, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantCalls, v)
		})
	}
}

func TestRetryStopsWithItsContext(t *testing.T) {
	stale := &cdproto.Error{Code: -32000, Message: staleContext}
	action, calls := failing(1<<30, stale)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Retry(action)(ctx, nil)
	require.ErrorIs(t, err, stale)
	assert.Greater(t, *calls, 1, "it tried again before the context ended")
}
