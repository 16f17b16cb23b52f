// Copyright ©2017 The Gonum Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !minimal
// +build !minimal

package plot // import "github.com/sdlessons/trafficking/third_party/gonum-plot"

import (
	_ "github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgeps"
	_ "github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgimg"
	_ "github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgpdf"
	_ "github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgsvg"
	_ "github.com/sdlessons/trafficking/third_party/gonum-plot/vg/vgtex"
)
