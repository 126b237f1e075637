package integration2d

import (
	"math"
	"testing"
)

func TestNumbersAsJavaScriptPrintsThem(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-2.5, "-2.5"}, {4.898587196589413e-16, "4.898587196589413e-16"},
		{1e21, "1e+21"}, {1e20, "100000000000000000000"}, {123456789012345680000, "123456789012345680000"},
		{1e-6, "0.000001"}, {1e-7, "1e-7"}, {1.5e-7, "1.5e-7"}, {5e-324, "5e-324"},
		{1.7976931348623157e308, "1.7976931348623157e+308"}, {0.044514744999999994, "0.044514744999999994"},
	} {
		if got := jsNumber(c.x); got != c.want {
			t.Errorf("%v: %s, want %s", c.x, got, c.want)
		}
	}
}

func TestFixedAndExponentialRoundExactTiesUp(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{jsToFixed(0.125, 2), "0.13"}, {jsToFixed(0.375, 2), "0.38"}, {jsToFixed(1.005, 2), "1.00"},
		{jsToFixed(9.999, 2), "10.00"}, {jsToFixed(-0.001, 2), "-0.00"}, {jsToExponential(12345685, 6), "1.234569e+7"},
		{jsToExponential(9.9999995e-5, 6), "9.999999e-5"}, {jsToExponential(9.99999999e-5, 6), "1.000000e-4"},
		{FormatE(9.404319e-16, true), "9.404319e-16"}, {FormatE(math.Copysign(0, -1), true), "-0.000000e+00"},
		{FormatE(-1.5e200, true), "-1.500000e+200"}, {FormatE(math.Inf(1), false), "nan"},
		{jsQuote("a\"b\\c\n\x01π"), `"a\"b\\c\n\u0001π"`},
	} {
		if c.got != c.want {
			t.Errorf("%s, want %s", c.got, c.want)
		}
	}
}
