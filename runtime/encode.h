// encode.h — column encoders: a node type's feature matrix from columns of a table (table.h),
// with PyG's (pandas') semantics.
//
// RtEncoderSpec is what a data declaration fills (issue 15): a list of encoders, each reading one
// column; their outputs are concatenated in the list's order, so the matrix's width (and its
// column names) are known only once every row has been seen.
//
//   numeric      the value as is (one column)
//   standardize  (x - mean) / std over the rows, std the population one (ddof=0), as sklearn's
//                StandardScaler; a constant column gives x - mean (StandardScaler's scale 1)
//   one_hot      one column per distinct value: byte order of the strings, or numeric order when
//                every value is an integer (pandas' get_dummies on an int column); an empty
//                field is a missing value and gives a row of zeros
//   multi_hot    a list of values in one field split on list_sep: pandas' str.get_dummies(sep),
//                one column per distinct value in byte order, empty values ignored
//                (MovieLens' "(no genres listed)" is just another value)
//
// A numeric value is a decimal number as strtod reads it, spaces around it allowed; anything
// else is `file:line: error: column 'age': 'abc' is not a number`.
#ifndef HGNN_ENCODE_H
#define HGNN_ENCODE_H

#include <stdint.h>

#include "error.h"
#include "table.h"

#define RT_ENCODE_MAX_VALUES 4096   // columns of one one_hot / multi_hot encoder

typedef enum RtEncoderKind {
    RT_ENCODER_NUMERIC,
    RT_ENCODER_STANDARDIZE,
    RT_ENCODER_ONE_HOT,
    RT_ENCODER_MULTI_HOT,
} RtEncoderKind;

typedef struct RtEncoderSpec {
    RtEncoderKind kind;
    const char *column;     // the table column it reads
    const char *list_sep;   // multi_hot: separator between a field's values; NULL or "": "|"
} RtEncoderSpec;

typedef struct RtFeatures {
    int64_t rows;           // rows added
    int32_t width;          // total columns, every encoder's in spec order
    float *x;               // rows x width, row-major; NULL when width or rows is 0
    char **names;           // width column names: the column (numeric, standardize) or the value
} RtFeatures;

typedef struct RtEncoder RtEncoder;

// Encoders for `n_spec` specs over the columns of t (opened, header read). Returns NULL with err
// set when a column is missing (the message lists the columns there are) or on out of memory.
RtEncoder *rt_encoder_new(const RtTable *t, const RtEncoderSpec *spec, int32_t n_spec,
                          RtError *err);
// Takes the table's current record as the next row. Text values are kept as pointers into the
// table (its fields stay in place until rt_table_close), so finish before closing the table.
// Returns 0, or -1 with err at its line (a value that is not a number).
int rt_encoder_add(RtEncoder *e, const RtTable *t, RtError *err);
// Builds the matrix of the rows added into *out (owned by the caller: rt_features_free).
// Returns 0, or -1 with err (too many distinct values, out of memory).
int rt_encoder_finish(RtEncoder *e, RtFeatures *out, RtError *err);
void rt_encoder_free(RtEncoder *e);
void rt_features_free(RtFeatures *f);

#endif
