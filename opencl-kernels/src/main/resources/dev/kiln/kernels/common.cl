/*
 * Kiln: what every model's program starts with.
 *
 * The processor emits, before this file: KILN_DOUBLE (fp64 models), MAX_BATCH (the compiled batch),
 * LABEL_WIDTH (values per label) and LOSS_<name>. Every size a kernel loops over is a #define, so the
 * device compiler sees fixed trip counts.
 */
#ifdef KILN_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

/* Slots of the `counters` buffer: the state of the step loop, kept on the device so that whole
 * epochs are enqueued without the host touching a kernel argument; at the end of a pass the device
 * itself starts the next epoch. */
#define STEP 0        /* optimizer steps taken so far (Adam's t is STEP + 1 inside a step) */
#define OFFSET 1      /* first position in `order` of the current batch */
#define BATCH 2       /* samples in the current batch, at most MAX_BATCH */
#define SIZE 3        /* samples in the bound data set */
#define HAS_LABELS 4  /* 1 when the bound data set has labels (training, evaluation), 0 for predict */
#define BATCH_LIMIT 5 /* the batch size the user asked for, at most MAX_BATCH */
#define EPOCH 6       /* passes completed since the host last set the counters */
#define COUNTER_SLOTS 7

/* Slots of the `hyper` buffer: run-time hyper-parameters, written by the host between epochs. */
#define LEARNING_RATE 0
#define MOMENTUM 1
#define NESTEROV 2
#define BETA1 3
#define BETA2 4
#define EPSILON 5
#define RHO 6
#define L2 7
#define HYPER_SLOTS 8

/* The `totals` buffer: per epoch (a ring of TOTALS_RING), sums over the epoch's samples. The host
 * reads the ring at least every TOTALS_RING epochs. */
#define LOSS_SUM 0
#define HIT_SUM 1
#define SAMPLE_COUNT 2
#define TOTAL_SLOTS 3
#define TOTALS_RING 256

/* The data set row of the current batch's sample b, through the pass's visiting order. */
#define SAMPLE_ROW(b) order[counters[OFFSET] + (b)]
