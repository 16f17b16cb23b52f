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
	other := &cdproto.Error{Code: -32000, Message: "Execution context was destroyed."}
	tests := []struct {
		name      string
		fails     int
		err       error
		wantCalls int
		wantErr   bool
	}{
		{"no error", 0, nil, 1, false},
		{"stale context, then the answer", 3, stale, 4, false},
		{"stale context, wrapped", 2, fmt.Errorf("evaluate: %w", stale), 3, false},
		{"another browser error is returned at once", 5, other, 1, true},
		{"another error is returned at once", 5, errors.New("page crashed"), 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action, calls := failing(tt.fails, tt.err)
			v, err := Retry(action)(context.Background(), nil)
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
