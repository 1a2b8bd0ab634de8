/*
 * {{kernel}}: the recurrent kernel R [UNITS][GATES] transposed into the workspace at RECURRENT_T_AT,
 * [GATES][UNITS], so that the backward pass through time (lstm_backward.cl, rnn_backward.cl) reads dh = dz R^T as rows of units. Runs
 * before it, after the forward pass (which the optimizer's update follows). One work-item per unit:
 * global size {UNITS}, local size {1}.
 */
kernel void {{kernel}}(
    global const real* restrict params,
    global real* restrict ws) {
  const int k = get_global_id(0);
  global const real* r = params + IN * GATES + k * GATES;
  global real* rt = ws + RECURRENT_T_AT + k;
  for (int j = 0; j < GATES; j++) rt[j * UNITS] = r[j];
}
