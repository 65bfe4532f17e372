// arena.h — bump allocation for one compilation: tokens, AST and IR come from one arena and are
// freed together (STYLE 7).
#ifndef HGNN_ARENA_H
#define HGNN_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;   // newest block first
} Arena;

void arena_init(Arena *a);
void *arena_alloc(Arena *a, size_t n);          // zeroed, 16-byte aligned; aborts if out of memory
// Room for one more element in the array p of n elements of `size` bytes, *cap of them allocated:
// p itself while n < *cap, else a copy in a block twice as large (`first` elements at the start),
// whose capacity goes to *cap. The old block stays in the arena.
void *arena_grow(Arena *a, void *p, int n, int *cap, size_t size, int first);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(Arena *a);

#endif
