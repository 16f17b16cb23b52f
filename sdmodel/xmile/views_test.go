package xmile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
)

// viewsDoc is the teacup as Stella 10 saves it with its diagram: positions
// of the stock, the flow's pipe (from the stock to a cloud), auxiliaries,
// connectors, and an interface view that is not a diagram.
const viewsDoc = `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>teacup</name></header>
  <sim_specs><start>0</start><stop>30</stop><dt>0.125</dt></sim_specs>
  <model>
    <variables>
      <stock name="Teacup Temperature"><eqn>180</eqn><outflow>Heat_Loss_to_Room</outflow></stock>
      <flow name="Heat Loss to Room"><eqn>(Teacup_Temperature - Room_Temperature) / Characteristic_Time</eqn></flow>
      <aux name="Room Temperature"><eqn>70</eqn></aux>
      <aux name="Characteristic Time"><eqn>10</eqn></aux>
    </variables>
    <views>
      <view scroll_x="0" scroll_y="0" zoom="200">
        <connector x="277" y="132" uid="0"><from>room_temperature</from><to>heat_loss_to_room</to></connector>
        <connector uid="1" angle="45.5"><from>Characteristic_Time</from><to>Heat_Loss_to_Room</to></connector>
        <connector uid="2"><from>nowhere</from><to>heat_loss_to_room</to></connector>
        <stock x="132" y="97" name="teacup_temperature"></stock>
        <flow x="243" y="92" name="heat_loss_to_room"><pts><pt x="154" y="92"></pt><pt x="332" y="92"></pt></pts></flow>
        <aux x="285" y="43" width="20" height="20" name="characteristic_time"></aux>
        <aux x="oops" y="139" name="room_temperature"></aux>
        <alias x="1" y="1"><of>room_temperature</of></alias>
      </view>
      <view name="interface" scroll_x="0" scroll_y="0" zoom="0"></view>
    </views>
  </model>
</xmile>`

func TestReadViews(t *testing.T) {
	rd := &Reader{}
	m, err := rd.Read(strings.NewReader(viewsDoc))
	require.NoError(t, err)
	require.Len(t, m.Views, 1, "the interface page is no diagram")
	v := m.Views[0]
	require.Len(t, v.Elements, 3, "the auxiliary with a bad x is left out")
	assert.Equal(t, sdmodel.ViewElement{Name: "Teacup Temperature", Kind: sdmodel.Stock, X: 132, Y: 97}, v.Elements[0])
	assert.Equal(t, sdmodel.ViewElement{Name: "Heat Loss to Room", Kind: sdmodel.Flow, X: 243, Y: 92,
		Pipe: []sdmodel.Point{{X: 154, Y: 92}, {X: 332, Y: 92}}}, v.Elements[1])
	assert.Equal(t, sdmodel.ViewElement{Name: "Characteristic Time", Kind: sdmodel.Aux, X: 285, Y: 43, Width: 20, Height: 20}, v.Elements[2])
	assert.Equal(t, []sdmodel.Connector{
		{From: "Room Temperature", To: "Heat Loss to Room"},
		{From: "Characteristic Time", To: "Heat Loss to Room", Angle: 45.5, HasAngle: true},
	}, v.Connectors, "a connector from an unknown variable is left out")
	require.Len(t, rd.Warnings, 1)
	assert.Contains(t, rd.Warnings[0].String(), `x="oops" is not a number`)
	assert.Contains(t, rd.Warnings[0].String(), "Room Temperature")
	assert.NotNil(t, v.Element("heat_loss_to_room"))
	assert.Nil(t, v.Element("nothing"))
}

func TestViewsRoundTrip(t *testing.T) {
	m, err := Read(strings.NewReader(viewsDoc))
	require.NoError(t, err)
	back, text := roundTrip(t, m)
	assert.Contains(t, text, `<view type="stock_flow">`)
	assert.Contains(t, text, `<connector uid="2" angle="45.5">`)
	assert.Equal(t, m.Views, back.Views)
	// The writer writes no <views> for a model without one.
	_, text = roundTrip(t, apiModel())
	assert.NotContains(t, text, "<views>")
}
