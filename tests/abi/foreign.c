// foreign.c — a shared object that is not an hgnn model: it exports a function, but not
// hgnn_model_entry. Built by CMake for test_abi (no binary is committed).
int foreign_answer(void);
int foreign_answer(void) { return 42; }
