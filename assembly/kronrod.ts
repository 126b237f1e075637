// The 10-point Gauss / 21-point Kronrod pair on [−1, 1], as QUADPACK's dqk21 tabulates it (Piessens and de Doncker,
// 1983): "gauss quadrature weights and kronrod quadrature abscissae and weights as evaluated with 80 decimal digit
// arithmetic by L. W. Fullerton, Bell Labs, Nov. 1981", given there to 33 digits; copied from dqk21.f as scipy
// ships it (scipy/integrate/quadpack/dqk21.f, commit 247d55ae5a1dd2f7447b594e98948c6487908eb0). Each literal is
// rounded once, to the nearest double. Only t ≥ 0 is listed; the rule is symmetric. The Gauss nodes are the
// even-numbered Kronrod nodes of dqk21 (xgk(2), xgk(4), …), KRONROD_NODES[1], [3], …, [9] here; the centre is not
// one. test/kernel-rules.test.ts checks the Gauss half against assembly/gauss-legendre.ts's 10-point rule.

/** xgk(1..11): Kronrod nodes, largest first; 0 last. */
export const KRONROD_NODES: StaticArray<f64> = [
  0.995657163025808080735527280689003,
  0.973906528517171720077964012084452,
  0.930157491355708226001207180059508,
  0.865063366688984510732096688423493,
  0.780817726586416897063717578345042,
  0.679409568299024406234327365114874,
  0.562757134668604683339000099272694,
  0.433395394129247190799265943165784,
  0.294392862701460198131126603103866,
  0.148874338981631210884826001129720,
  0.0,
];

/** wgk(1..11): Kronrod weights of those nodes. */
export const KRONROD_WEIGHTS: StaticArray<f64> = [
  0.011694638867371874278064396062192,
  0.032558162307964727478818972459390,
  0.054755896574351996031381300244580,
  0.075039674810919952767043140916190,
  0.093125454583697605535065465083366,
  0.109387158802297641899210590325805,
  0.123491976262065851077958109831074,
  0.134709217311473325928054001771707,
  0.142775938577060080797094273138717,
  0.147739104901338491374841515972068,
  0.149445554002916905664936468389821,
];

/** wg(1..5): Gauss weights of the nodes xgk(2), xgk(4), …, xgk(10). */
export const GAUSS10_WEIGHTS: StaticArray<f64> = [
  0.066671344308688137593568809893332,
  0.149451349150580593145776339657697,
  0.219086362515982043995534934228163,
  0.269266719309996355091226921569469,
  0.295524224714752870173892994651338,
];
