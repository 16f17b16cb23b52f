package xmile_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/xmile"
)

func ExampleRead() {
	src := `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <sim_specs method="Euler" time_units="minute"><start>0</start><stop>30</stop><dt>0.125</dt></sim_specs>
  <model><variables>
    <stock name="teacup temperature"><eqn>180</eqn><outflow>heat_loss</outflow></stock>
    <flow name="heat loss"><eqn>(teacup_temperature - room_temperature) / 10</eqn></flow>
    <aux name="room temperature"><eqn>70</eqn></aux>
  </variables></model>
</xmile>`
	m, err := xmile.Read(strings.NewReader(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := m.Compile()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := c.Run(sdmodel.WithSavePer(10))
	if err != nil {
		fmt.Println(err)
		return
	}
	res.WriteCSV(os.Stdout, "teacup temperature")
	// Output:
	// time,teacup temperature
	// 0,180
	// 10,110.21249584518289
	// 20,84.70040747362592
	// 30,75.37400067686977
}

func ExampleWrite() {
	m := sdmodel.New("savings")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 10, DT: 0.25, Units: "year"})
	m.Stock("balance", "100", "dollar").In("interest")
	m.Flow("interest", "balance * interest rate", "dollar/year")
	m.Const("interest rate", 0.05, "1/year").Describe("Paid once a year, compounded here continuously.")
	if err := xmile.Write(os.Stdout, m); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="utf-8"?>
	// <xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0" xmlns:isee="http://iseesystems.com/XMILE">
	//   <header>
	//     <name>savings</name>
	//     <vendor>sdlessons</vendor>
	//     <product version="1.0" lang="en">trafficking sd</product>
	//   </header>
	//   <sim_specs method="Euler" time_units="year">
	//     <start>0</start>
	//     <stop>10</stop>
	//     <dt>0.25</dt>
	//   </sim_specs>
	//   <model>
	//     <variables>
	//       <stock name="balance">
	//         <eqn>100</eqn>
	//         <inflow>interest</inflow>
	//         <units>dollar</units>
	//       </stock>
	//       <flow name="interest">
	//         <eqn>balance * interest_rate</eqn>
	//         <units>dollar/year</units>
	//       </flow>
	//       <aux name="interest rate">
	//         <doc>Paid once a year, compounded here continuously.</doc>
	//         <eqn>0.05</eqn>
	//         <units>1/year</units>
	//       </aux>
	//     </variables>
	//   </model>
	// </xmile>
}
