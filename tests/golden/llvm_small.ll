; ModuleID = 'small'
source_filename = "small"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%HgnnNodeType = type { ptr, i32 }
%HgnnEdgeType = type { ptr, ptr, i32, i32, i32 }
%HgnnParam = type { ptr, i32, i32, i64, i64, float, i32, ptr }
%HgnnModel = type { i32, i32, ptr, ptr, i32, i32, ptr, ptr, i32, i32, ptr, %HgnnDefaults, ptr, ptr, ptr, ptr, ptr, ptr, ptr, ptr, i32, i32, i32 }
%HgnnDefaults = type { i32, i32, i32, [8 x i32], float, float, float, float, float, float, float, float, float, float, i32, i32, i32, float, float, i32, float, float }
%HgnnBatch = type { ptr, [8 x ptr], [8 x ptr], [16 x ptr], [16 x ptr], [16 x ptr], ptr, ptr, ptr, i64, [16 x ptr] }
%HgnnHost = type { ptr, i32, ptr, ptr }

@.str = private unnamed_addr constant [5 x i8] c"user\00"
@.str.1 = private unnamed_addr constant [6 x i8] c"movie\00"
@.str.2 = private unnamed_addr constant [19 x i8] c"user__rates__movie\00"
@.str.3 = private unnamed_addr constant [6 x i8] c"rates\00"
@.str.4 = private unnamed_addr constant [23 x i8] c"movie__rev_rates__user\00"
@.str.5 = private unnamed_addr constant [10 x i8] c"rev_rates\00"
@.str.6 = private unnamed_addr constant [11 x i8] c"lin.weight\00"
@.str.7 = private unnamed_addr constant [9 x i8] c"lin.bias\00"
@.str.8 = private unnamed_addr constant [10 x i8] c"ue.weight\00"
@.str.9 = private unnamed_addr constant [39 x i8] c"gnn.c1.user__rates__movie.lin_l.weight\00"
@.str.10 = private unnamed_addr constant [37 x i8] c"gnn.c1.user__rates__movie.lin_l.bias\00"
@.str.11 = private unnamed_addr constant [39 x i8] c"gnn.c1.user__rates__movie.lin_r.weight\00"
@.str.12 = private unnamed_addr constant [43 x i8] c"gnn.c1.movie__rev_rates__user.lin_l.weight\00"
@.str.13 = private unnamed_addr constant [41 x i8] c"gnn.c1.movie__rev_rates__user.lin_l.bias\00"
@.str.14 = private unnamed_addr constant [43 x i8] c"gnn.c1.movie__rev_rates__user.lin_r.weight\00"
@.str.15 = private unnamed_addr constant [6 x i8] c"small\00"
@.str.16 = private unnamed_addr constant [12 x i8] c"hgnnc 0.1.0\00"
@node_types = internal constant [2 x %HgnnNodeType] [%HgnnNodeType { ptr @.str, i32 0 }, %HgnnNodeType { ptr @.str.1, i32 3 }]
@edge_types = internal constant [2 x %HgnnEdgeType] [%HgnnEdgeType { ptr @.str.2, ptr @.str.3, i32 0, i32 1, i32 -1 }, %HgnnEdgeType { ptr @.str.4, ptr @.str.5, i32 1, i32 0, i32 0 }]
@params = internal constant [9 x %HgnnParam] [%HgnnParam { ptr @.str.6, i32 -1, i32 1, i64 4, i64 3, float 0x3FE279A740000000, i32 0, ptr null }, %HgnnParam { ptr @.str.7, i32 -1, i32 1, i64 1, i64 4, float 0x3FE279A740000000, i32 0, ptr null }, %HgnnParam { ptr @.str.8, i32 0, i32 2, i64 0, i64 4, float 1.000000e+00, i32 1, ptr null }, %HgnnParam { ptr @.str.9, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0, ptr null }, %HgnnParam { ptr @.str.10, i32 -1, i32 1, i64 1, i64 4, float 5.000000e-01, i32 0, ptr null }, %HgnnParam { ptr @.str.11, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0, ptr null }, %HgnnParam { ptr @.str.12, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0, ptr null }, %HgnnParam { ptr @.str.13, i32 -1, i32 1, i64 1, i64 4, float 5.000000e-01, i32 0, ptr null }, %HgnnParam { ptr @.str.14, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0, ptr null }]
@embed_dim = internal constant [2 x i32] [i32 4, i32 4]
@model = internal constant %HgnnModel { i32 1313752904, i32 10, ptr @.str.15, ptr @.str.16, i32 2, i32 2, ptr @node_types, ptr @edge_types, i32 0, i32 9, ptr @params, %HgnnDefaults { i32 5, i32 128, i32 2, [8 x i32] [i32 20, i32 10, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0], float 0x3F50624DE0000000, float 2.000000e+00, float 0x3FB99999A0000000, float 0x3FB99999A0000000, float 0x3FD3333340000000, float 0x3FECCCCCC0000000, float 0x3FEFF7CEE0000000, float 0x3E45798EE0000000, float 0.000000e+00, float 2.000000e+00, i32 0, i32 0, i32 1, float 0x3FB99999A0000000, float 0.000000e+00, i32 0, float 0x3FD5555560000000, float 0.000000e+00 }, ptr @workspace_floats, ptr @run, ptr @rows, ptr null, ptr @embed_dim, ptr @embed_workspace_floats, ptr @embed, ptr @score, i32 0, i32 0, i32 0 }

define internal void @serial_for(ptr %0, ptr %1, ptr %2, i64 %3, i64 %4) {
entry:
  %5 = icmp sgt i64 %3, 0
  br i1 %5, label %call, label %done

call:                                             ; preds = %entry
  call void %1(ptr %2, i64 0, i64 %3)
  br label %done

done:                                             ; preds = %call, %entry
  ret void
}

define internal i64 @workspace_floats(ptr %0) {
entry:
  %1 = getelementptr inbounds i64, ptr %0, i64 0
  %dim0 = load i64, ptr %1, align 8
  %2 = getelementptr inbounds i64, ptr %0, i64 1
  %dim1 = load i64, ptr %2, align 8
  %3 = getelementptr inbounds i64, ptr %0, i64 2
  %dim2 = load i64, ptr %3, align 8
  %4 = getelementptr inbounds i64, ptr %0, i64 3
  %dim3 = load i64, ptr %4, align 8
  %5 = getelementptr inbounds i64, ptr %0, i64 4
  %dim4 = load i64, ptr %5, align 8
  %6 = getelementptr inbounds i64, ptr %0, i64 5
  %dim5 = load i64, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %0, i64 6
  %dim6 = load i64, ptr %7, align 8
  %8 = mul nsw i64 %dim2, 4
  %9 = add nsw i64 %8, 15
  %10 = and i64 %9, -16
  %11 = add nsw i64 0, %10
  %12 = mul nsw i64 %dim3, 3
  %13 = add nsw i64 %12, 15
  %14 = and i64 %13, -16
  %15 = add nsw i64 %11, %14
  %16 = mul nsw i64 %dim3, 4
  %17 = add nsw i64 %16, 15
  %18 = and i64 %17, -16
  %19 = add nsw i64 %15, %18
  %20 = mul nsw i64 %dim3, 4
  %21 = add nsw i64 %20, 15
  %22 = and i64 %21, -16
  %23 = add nsw i64 %19, %22
  %24 = mul nsw i64 %dim3, 4
  %25 = add nsw i64 %24, 15
  %26 = and i64 %25, -16
  %27 = add nsw i64 %23, %26
  %28 = mul nsw i64 %dim2, 4
  %29 = add nsw i64 %28, 15
  %30 = and i64 %29, -16
  %31 = add nsw i64 %27, %30
  %32 = mul nsw i64 %dim2, 4
  %33 = add nsw i64 %32, 15
  %34 = and i64 %33, -16
  %35 = add nsw i64 %31, %34
  %36 = mul nsw i64 %dim6, 4
  %37 = add nsw i64 %36, 15
  %38 = and i64 %37, -16
  %39 = add nsw i64 %35, %38
  %40 = mul nsw i64 %dim6, 4
  %41 = add nsw i64 %40, 15
  %42 = and i64 %41, -16
  %43 = add nsw i64 %39, %42
  %44 = add nsw i64 %43, 16
  %45 = mul nsw i64 %dim6, 1
  %46 = add nsw i64 %45, 15
  %47 = and i64 %46, -16
  %48 = add nsw i64 %44, %47
  %49 = mul nsw i64 %dim6, 4
  %50 = add nsw i64 %49, 15
  %51 = and i64 %50, -16
  %52 = add nsw i64 %48, %51
  %53 = mul nsw i64 %dim2, 4
  %54 = add nsw i64 %53, 15
  %55 = and i64 %54, -16
  %56 = add nsw i64 %52, %55
  %57 = mul nsw i64 %dim3, 4
  %58 = add nsw i64 %57, 15
  %59 = and i64 %58, -16
  %60 = add nsw i64 %56, %59
  ret i64 %60
}

define internal void @run_forward(i32 %mode, ptr %batch, ptr %params, ptr %grads, ptr %ws, ptr %host, ptr %scores, ptr %loss) {
entry:
  %slice_args21 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args20 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args19 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args18 = alloca { ptr, ptr, i64 }, align 8
  %slice_args17 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args16 = alloca { ptr, ptr, i64 }, align 8
  %slice_args15 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args14 = alloca { ptr, ptr, i64 }, align 8
  %slice_args13 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args = alloca { ptr, ptr, ptr, i64 }, align 8
  %0 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 0
  %1 = load ptr, ptr %0, align 8
  %2 = getelementptr inbounds i64, ptr %1, i64 0
  %dim0 = load i64, ptr %2, align 8
  %3 = getelementptr inbounds i64, ptr %1, i64 1
  %dim1 = load i64, ptr %3, align 8
  %4 = getelementptr inbounds i64, ptr %1, i64 2
  %dim2 = load i64, ptr %4, align 8
  %5 = getelementptr inbounds i64, ptr %1, i64 3
  %dim3 = load i64, ptr %5, align 8
  %6 = getelementptr inbounds i64, ptr %1, i64 4
  %dim4 = load i64, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %1, i64 5
  %dim5 = load i64, ptr %7, align 8
  %8 = getelementptr inbounds i64, ptr %1, i64 6
  %dim6 = load i64, ptr %8, align 8
  %slot0 = getelementptr inbounds float, ptr %ws, i64 0
  %9 = mul nsw i64 %dim2, 4
  %10 = add nsw i64 %9, 15
  %11 = and i64 %10, -16
  %12 = add nsw i64 0, %11
  %slot1 = getelementptr inbounds float, ptr %ws, i64 %12
  %13 = mul nsw i64 %dim3, 3
  %14 = add nsw i64 %13, 15
  %15 = and i64 %14, -16
  %16 = add nsw i64 %12, %15
  %slot2 = getelementptr inbounds float, ptr %ws, i64 %16
  %17 = mul nsw i64 %dim3, 4
  %18 = add nsw i64 %17, 15
  %19 = and i64 %18, -16
  %20 = add nsw i64 %16, %19
  %slot3 = getelementptr inbounds float, ptr %ws, i64 %20
  %21 = mul nsw i64 %dim3, 4
  %22 = add nsw i64 %21, 15
  %23 = and i64 %22, -16
  %24 = add nsw i64 %20, %23
  %slot4 = getelementptr inbounds float, ptr %ws, i64 %24
  %25 = mul nsw i64 %dim3, 4
  %26 = add nsw i64 %25, 15
  %27 = and i64 %26, -16
  %28 = add nsw i64 %24, %27
  %slot5 = getelementptr inbounds float, ptr %ws, i64 %28
  %29 = mul nsw i64 %dim2, 4
  %30 = add nsw i64 %29, 15
  %31 = and i64 %30, -16
  %32 = add nsw i64 %28, %31
  %slot6 = getelementptr inbounds float, ptr %ws, i64 %32
  %33 = mul nsw i64 %dim2, 4
  %34 = add nsw i64 %33, 15
  %35 = and i64 %34, -16
  %36 = add nsw i64 %32, %35
  %slot7 = getelementptr inbounds float, ptr %ws, i64 %36
  %37 = mul nsw i64 %dim6, 4
  %38 = add nsw i64 %37, 15
  %39 = and i64 %38, -16
  %40 = add nsw i64 %36, %39
  %slot8 = getelementptr inbounds float, ptr %ws, i64 %40
  %41 = mul nsw i64 %dim6, 4
  %42 = add nsw i64 %41, 15
  %43 = and i64 %42, -16
  %44 = add nsw i64 %40, %43
  %slot9 = getelementptr inbounds float, ptr %ws, i64 %44
  %45 = add nsw i64 %44, 16
  %slot10 = getelementptr inbounds float, ptr %ws, i64 %45
  %46 = mul nsw i64 %dim6, 1
  %47 = add nsw i64 %46, 15
  %48 = and i64 %47, -16
  %49 = add nsw i64 %45, %48
  %slot11 = getelementptr inbounds float, ptr %ws, i64 %49
  %50 = mul nsw i64 %dim6, 4
  %51 = add nsw i64 %50, 15
  %52 = and i64 %51, -16
  %53 = add nsw i64 %49, %52
  %slot12 = getelementptr inbounds float, ptr %ws, i64 %53
  %54 = mul nsw i64 %dim2, 4
  %55 = add nsw i64 %54, 15
  %56 = and i64 %55, -16
  %57 = add nsw i64 %53, %56
  %slot13 = getelementptr inbounds float, ptr %ws, i64 %57
  %58 = mul nsw i64 %dim3, 4
  %59 = add nsw i64 %58, 15
  %60 = and i64 %59, -16
  %61 = add nsw i64 %57, %60
  %62 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 2
  %parallel_for = load ptr, ptr %62, align 8
  %63 = icmp eq ptr %parallel_for, null
  %64 = select i1 %63, ptr @serial_for, ptr %parallel_for
  %65 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 3
  %pool = load ptr, ptr %65, align 8
  %66 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 0
  %sgemm = load ptr, ptr %66, align 8
  %67 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %68 = load ptr, ptr %67, align 8
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %76, %body ]
  %s_dst = phi i64 [ 0, %entry ], [ %75, %body ]
  %69 = icmp slt i64 %i, %dim6
  br i1 %69, label %body, label %done

body:                                             ; preds = %loop
  %70 = getelementptr inbounds i32, ptr %68, i64 %i
  %71 = load i32, ptr %70, align 4
  %72 = sext i32 %71 to i64
  %73 = add nsw i64 %72, 1
  %74 = icmp sgt i64 %73, %s_dst
  %75 = select i1 %74, i64 %73, i64 %s_dst
  %76 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %77 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %78 = load ptr, ptr %77, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %86, %body2 ]
  %s_src = phi i64 [ 0, %done ], [ %85, %body2 ]
  %79 = icmp slt i64 %i4, %dim6
  br i1 %79, label %body2, label %done3

body2:                                            ; preds = %loop1
  %80 = getelementptr inbounds i32, ptr %78, i64 %i4
  %81 = load i32, ptr %80, align 4
  %82 = sext i32 %81 to i64
  %83 = add nsw i64 %82, 1
  %84 = icmp sgt i64 %83, %s_src
  %85 = select i1 %84, i64 %83, i64 %s_src
  %86 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %87 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %88 = getelementptr inbounds [16 x ptr], ptr %87, i64 0, i64 1
  %89 = load ptr, ptr %88, align 8
  %90 = getelementptr inbounds i32, ptr %89, i64 %s_src
  %91 = load i32, ptr %90, align 4
  %92 = sext i32 %91 to i64
  %93 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %94 = getelementptr inbounds [16 x ptr], ptr %93, i64 0, i64 1
  %95 = load ptr, ptr %94, align 8
  br label %loop5

loop5:                                            ; preds = %body6, %done3
  %i8 = phi i64 [ 0, %done3 ], [ %103, %body6 ]
  %reach9 = phi i64 [ 0, %done3 ], [ %102, %body6 ]
  %96 = icmp slt i64 %i8, %92
  br i1 %96, label %body6, label %done7

body6:                                            ; preds = %loop5
  %97 = getelementptr inbounds i32, ptr %95, i64 %i8
  %98 = load i32, ptr %97, align 4
  %99 = sext i32 %98 to i64
  %100 = add nsw i64 %99, 1
  %101 = icmp sgt i64 %100, %reach9
  %102 = select i1 %101, i64 %100, i64 %reach9
  %103 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %104 = icmp sgt i64 %s_dst, %reach9
  %max10 = select i1 %104, i64 %s_dst, i64 %reach9
  %105 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %106 = getelementptr inbounds [16 x ptr], ptr %105, i64 0, i64 0
  %107 = load ptr, ptr %106, align 8
  %108 = getelementptr inbounds i32, ptr %107, i64 %s_dst
  %109 = load i32, ptr %108, align 4
  %110 = sext i32 %109 to i64
  %111 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %112 = getelementptr inbounds [16 x ptr], ptr %111, i64 0, i64 0
  %113 = load ptr, ptr %112, align 8
  br label %loop9

loop9:                                            ; preds = %body10, %done7
  %i12 = phi i64 [ 0, %done7 ], [ %121, %body10 ]
  %reach11 = phi i64 [ 0, %done7 ], [ %120, %body10 ]
  %114 = icmp slt i64 %i12, %110
  br i1 %114, label %body10, label %done11

body10:                                           ; preds = %loop9
  %115 = getelementptr inbounds i32, ptr %113, i64 %i12
  %116 = load i32, ptr %115, align 4
  %117 = sext i32 %116 to i64
  %118 = add nsw i64 %117, 1
  %119 = icmp sgt i64 %118, %reach11
  %120 = select i1 %119, i64 %118, i64 %reach11
  %121 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %122 = icmp sgt i64 %s_src, %reach11
  %max12 = select i1 %122, i64 %s_src, i64 %reach11
  %123 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %124 = getelementptr inbounds [8 x ptr], ptr %123, i64 0, i64 0
  %125 = load ptr, ptr %124, align 8
  %126 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %126, align 8
  %127 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %127, align 8
  %128 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %128, align 8
  %129 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %125, ptr %129, align 8
  %130 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %max12, ptr %130, align 8
  call void %64(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %max12, i64 256)
  %131 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %132 = getelementptr inbounds [8 x ptr], ptr %131, i64 0, i64 1
  %133 = load ptr, ptr %132, align 8
  %134 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %135 = getelementptr inbounds [8 x ptr], ptr %134, i64 0, i64 1
  %136 = load ptr, ptr %135, align 8
  %137 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 0
  store ptr %slot1, ptr %137, align 8
  %138 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 1
  store ptr %133, ptr %138, align 8
  %139 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 2
  store ptr %136, ptr %139, align 8
  %140 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 3
  store i64 %max10, ptr %140, align 8
  call void %64(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args13, i64 %max10, i64 256)
  %141 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %141, align 8
  %142 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %142, align 8
  %143 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 0
  store ptr %slot2, ptr %143, align 8
  %144 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 1
  store ptr %v8, ptr %144, align 8
  %145 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 2
  store i64 %max10, ptr %145, align 8
  call void %64(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args14, i64 %max10, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %max10, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 1.000000e+00)
  %146 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %146, align 8
  %147 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %147, align 8
  %148 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %148, align 8
  %149 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %150 = getelementptr inbounds [16 x ptr], ptr %149, i64 0, i64 0
  %151 = load ptr, ptr %150, align 8
  %152 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %153 = getelementptr inbounds [16 x ptr], ptr %152, i64 0, i64 0
  %154 = load ptr, ptr %153, align 8
  %155 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 0
  store ptr %slot3, ptr %155, align 8
  %156 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 1
  store ptr %slot0, ptr %156, align 8
  %157 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 2
  store ptr %151, ptr %157, align 8
  %158 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 3
  store ptr %154, ptr %158, align 8
  %159 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 4
  store i64 %s_dst, ptr %159, align 8
  call void %64(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args15, i64 %s_dst, i64 128)
  %160 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 0
  store ptr %slot4, ptr %160, align 8
  %161 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 1
  store ptr %v11, ptr %161, align 8
  %162 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 2
  store i64 %s_dst, ptr %162, align 8
  call void %64(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args16, i64 %s_dst, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_dst, i64 4, i64 4, ptr %slot3, i64 4, ptr %v10, i64 4, ptr %slot4, float 1.000000e+00)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_dst, i64 4, i64 4, ptr %slot2, i64 4, ptr %v12, i64 4, ptr %slot4, float 1.000000e+00)
  %163 = getelementptr inbounds ptr, ptr %params, i64 6
  %v18 = load ptr, ptr %163, align 8
  %164 = getelementptr inbounds ptr, ptr %params, i64 7
  %v19 = load ptr, ptr %164, align 8
  %165 = getelementptr inbounds ptr, ptr %params, i64 8
  %v20 = load ptr, ptr %165, align 8
  %166 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %167 = getelementptr inbounds [16 x ptr], ptr %166, i64 0, i64 1
  %168 = load ptr, ptr %167, align 8
  %169 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %170 = getelementptr inbounds [16 x ptr], ptr %169, i64 0, i64 1
  %171 = load ptr, ptr %170, align 8
  %172 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 0
  store ptr %slot5, ptr %172, align 8
  %173 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 1
  store ptr %slot2, ptr %173, align 8
  %174 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 2
  store ptr %168, ptr %174, align 8
  %175 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 3
  store ptr %171, ptr %175, align 8
  %176 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 4
  store i64 %s_src, ptr %176, align 8
  call void %64(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args17, i64 %s_src, i64 128)
  %177 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 0
  store ptr %slot6, ptr %177, align 8
  %178 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 1
  store ptr %v19, ptr %178, align 8
  %179 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 2
  store i64 %s_src, ptr %179, align 8
  call void %64(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args18, i64 %s_src, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_src, i64 4, i64 4, ptr %slot5, i64 4, ptr %v18, i64 4, ptr %slot6, float 1.000000e+00)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_src, i64 4, i64 4, ptr %slot0, i64 4, ptr %v20, i64 4, ptr %slot6, float 1.000000e+00)
  %180 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %181 = load ptr, ptr %180, align 8
  %182 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 0
  store ptr %slot7, ptr %182, align 8
  %183 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 1
  store ptr %slot6, ptr %183, align 8
  %184 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 2
  store ptr %181, ptr %184, align 8
  %185 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 3
  store i64 %dim6, ptr %185, align 8
  call void %64(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args19, i64 %dim6, i64 256)
  %186 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %187 = load ptr, ptr %186, align 8
  %188 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 0
  store ptr %slot8, ptr %188, align 8
  %189 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 1
  store ptr %slot4, ptr %189, align 8
  %190 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 2
  store ptr %187, ptr %190, align 8
  %191 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 3
  store i64 %dim6, ptr %191, align 8
  call void %64(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args20, i64 %dim6, i64 256)
  %192 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 0
  store ptr %scores, ptr %192, align 8
  %193 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 1
  store ptr %slot7, ptr %193, align 8
  %194 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 2
  store ptr %slot8, ptr %194, align 8
  %195 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 3
  store i64 %dim6, ptr %195, align 8
  call void %64(ptr %pool, ptr @k_rowdot_4_slice4, ptr %slice_args21, i64 %dim6, i64 256)
  %196 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 8
  %197 = load ptr, ptr %196, align 8
  call void @k_bce_logits(ptr %loss, ptr %scores, ptr %197, i64 %dim6)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_gather_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %27, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = getelementptr inbounds i32, ptr %2, i64 %i
  %6 = load i32, ptr %5, align 4
  %7 = sext i32 %6 to i64
  %8 = add nsw i64 %i, 16
  %9 = sub nsw i64 %3, 1
  %10 = icmp slt i64 %8, %3
  %11 = select i1 %10, i64 %8, i64 %9
  %12 = getelementptr inbounds i32, ptr %2, i64 %11
  %13 = load i32, ptr %12, align 4
  %14 = sext i32 %13 to i64
  %15 = mul nsw i64 %14, 4
  %16 = getelementptr inbounds float, ptr %1, i64 %15
  %17 = getelementptr inbounds float, ptr %16, i64 0
  call void @llvm.prefetch.p0(ptr %17, i32 0, i32 3, i32 1)
  %18 = mul nsw i64 %i, 4
  %19 = mul nsw i64 %7, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %26, %body2 ]
  %20 = icmp slt i64 %i4, 4
  br i1 %20, label %body2, label %done3

body2:                                            ; preds = %loop1
  %21 = add nsw i64 %19, %i4
  %22 = getelementptr inbounds float, ptr %1, i64 %21
  %23 = load float, ptr %22, align 4
  %24 = add nsw i64 %18, %i4
  %25 = getelementptr inbounds float, ptr %0, i64 %24
  store float %23, ptr %25, align 4
  %26 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %27 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite, inaccessiblemem: readwrite)
declare void @llvm.prefetch.p0(ptr nocapture readonly, i32 immarg, i32 immarg, i32 immarg) #1

; Function Attrs: nounwind
define internal void @k_gather_4_slice0(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 16
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %10 = load ptr, ptr %9, align 8
  %11 = mul nsw i64 %1, 4
  %12 = getelementptr inbounds i8, ptr %10, i64 %11
  %13 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %14 = load i64, ptr %13, align 8
  %15 = sub nsw i64 %2, %1
  call void @k_gather_4(ptr %6, ptr %8, ptr %12, i64 %15)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_gather_3(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %27, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = getelementptr inbounds i32, ptr %2, i64 %i
  %6 = load i32, ptr %5, align 4
  %7 = sext i32 %6 to i64
  %8 = add nsw i64 %i, 16
  %9 = sub nsw i64 %3, 1
  %10 = icmp slt i64 %8, %3
  %11 = select i1 %10, i64 %8, i64 %9
  %12 = getelementptr inbounds i32, ptr %2, i64 %11
  %13 = load i32, ptr %12, align 4
  %14 = sext i32 %13 to i64
  %15 = mul nsw i64 %14, 3
  %16 = getelementptr inbounds float, ptr %1, i64 %15
  %17 = getelementptr inbounds float, ptr %16, i64 0
  call void @llvm.prefetch.p0(ptr %17, i32 0, i32 3, i32 1)
  %18 = mul nsw i64 %i, 3
  %19 = mul nsw i64 %7, 3
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %26, %body2 ]
  %20 = icmp slt i64 %i4, 3
  br i1 %20, label %body2, label %done3

body2:                                            ; preds = %loop1
  %21 = add nsw i64 %19, %i4
  %22 = getelementptr inbounds float, ptr %1, i64 %21
  %23 = load float, ptr %22, align 4
  %24 = add nsw i64 %18, %i4
  %25 = getelementptr inbounds float, ptr %0, i64 %24
  store float %23, ptr %25, align 4
  %26 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %27 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_gather_3_slice1(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 12
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %10 = load ptr, ptr %9, align 8
  %11 = mul nsw i64 %1, 4
  %12 = getelementptr inbounds i8, ptr %10, i64 %11
  %13 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %14 = load i64, ptr %13, align 8
  %15 = sub nsw i64 %2, %1
  call void @k_gather_3(ptr %6, ptr %8, ptr %12, i64 %15)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_bias_fill_4(ptr noalias %0, ptr noalias %1, i64 %2) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %11, %done3 ]
  %3 = icmp slt i64 %i, %2
  br i1 %3, label %body, label %done

body:                                             ; preds = %loop
  %4 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %10, %body2 ]
  %5 = icmp slt i64 %i4, 4
  br i1 %5, label %body2, label %done3

body2:                                            ; preds = %loop1
  %6 = add nsw i64 %4, %i4
  %7 = getelementptr inbounds float, ptr %1, i64 %i4
  %8 = load float, ptr %7, align 4
  %9 = getelementptr inbounds float, ptr %0, i64 %6
  store float %8, ptr %9, align 4
  %10 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %11 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_bias_fill_4_slice2(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 16
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %10 = load i64, ptr %9, align 8
  %11 = sub nsw i64 %2, %1
  call void @k_bias_fill_4(ptr %6, ptr %8, i64 %11)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_matmul(ptr %0, i32 %1, i32 %2, i64 %3, i64 %4, i64 %5, ptr noalias %6, i64 %7, ptr noalias %8, i64 %9, ptr noalias %10, float %11) #0 {
entry:
  %12 = icmp sle i64 %4, 0
  %13 = icmp sle i64 %3, 0
  %14 = or i1 %13, %12
  br i1 %14, label %done, label %nonempty

nonempty:                                         ; preds = %entry
  %15 = icmp sle i64 %5, 0
  %16 = fcmp oeq float %11, 0.000000e+00
  br i1 %15, label %empty_k, label %sgemm

zero_k:                                           ; preds = %empty_k
  %17 = mul nsw i64 %3, %4
  %18 = mul nsw i64 %17, 4
  call void @llvm.memset.p0.i64(ptr align 4 %10, i8 0, i64 %18, i1 false)
  br label %done

sgemm:                                            ; preds = %nonempty
  call void %0(i32 %1, i32 %2, i64 %3, i64 %4, i64 %5, float 1.000000e+00, ptr %6, i64 %7, ptr %8, i64 %9, float %11, ptr %10, i64 %4)
  br label %done

done:                                             ; preds = %sgemm, %zero_k, %empty_k, %entry
  ret void

empty_k:                                          ; preds = %nonempty
  br i1 %16, label %zero_k, label %done
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #3

; Function Attrs: noinline nounwind
define internal void @k_agg_mean_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, i64 %4) #0 {
entry:
  %5 = getelementptr inbounds i32, ptr %2, i64 %4
  %6 = load i32, ptr %5, align 4
  %7 = sext i32 %6 to i64
  br label %loop

loop:                                             ; preds = %done15, %entry
  %i = phi i64 [ 0, %entry ], [ %55, %done15 ]
  %8 = icmp slt i64 %i, %4
  br i1 %8, label %body, label %done

body:                                             ; preds = %loop
  %9 = getelementptr inbounds i32, ptr %2, i64 %i
  %10 = load i32, ptr %9, align 4
  %11 = sext i32 %10 to i64
  %12 = add nsw i64 %i, 1
  %13 = getelementptr inbounds i32, ptr %2, i64 %12
  %14 = load i32, ptr %13, align 4
  %15 = sext i32 %14 to i64
  %deg = sub nsw i64 %15, %11
  %16 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %20, %body2 ]
  %17 = icmp slt i64 %i4, 4
  br i1 %17, label %body2, label %done3

body2:                                            ; preds = %loop1
  %18 = add nsw i64 %16, %i4
  %19 = getelementptr inbounds float, ptr %0, i64 %18
  store float 0.000000e+00, ptr %19, align 4
  %20 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  br label %loop5

loop5:                                            ; preds = %done11, %done3
  %i8 = phi i64 [ %11, %done3 ], [ %48, %done11 ]
  %21 = icmp slt i64 %i8, %15
  br i1 %21, label %body6, label %done7

body6:                                            ; preds = %loop5
  %22 = add nsw i64 %i8, 32
  %23 = sub nsw i64 %7, 1
  %24 = icmp slt i64 %22, %7
  %25 = select i1 %24, i64 %22, i64 %23
  %26 = getelementptr inbounds i32, ptr %3, i64 %25
  %27 = load i32, ptr %26, align 4
  %28 = sext i32 %27 to i64
  %29 = mul nsw i64 %28, 4
  %30 = getelementptr inbounds float, ptr %1, i64 %29
  %31 = getelementptr inbounds float, ptr %30, i64 0
  call void @llvm.prefetch.p0(ptr %31, i32 0, i32 3, i32 1)
  %32 = getelementptr inbounds i32, ptr %3, i64 %i8
  %33 = load i32, ptr %32, align 4
  %34 = sext i32 %33 to i64
  %35 = mul nsw i64 %34, 4
  br label %loop9

done7:                                            ; preds = %loop5
  %36 = icmp sgt i64 %deg, 0
  %37 = select i1 %36, i64 %deg, i64 1
  %38 = sitofp i64 %37 to float
  br label %loop13

loop9:                                            ; preds = %body10, %body6
  %i12 = phi i64 [ 0, %body6 ], [ %47, %body10 ]
  %39 = icmp slt i64 %i12, 4
  br i1 %39, label %body10, label %done11

body10:                                           ; preds = %loop9
  %40 = add nsw i64 %16, %i12
  %41 = getelementptr inbounds float, ptr %0, i64 %40
  %42 = load float, ptr %41, align 4
  %43 = add nsw i64 %35, %i12
  %44 = getelementptr inbounds float, ptr %1, i64 %43
  %45 = load float, ptr %44, align 4
  %46 = fadd float %42, %45
  store float %46, ptr %41, align 4
  %47 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %48 = add nsw i64 %i8, 1
  br label %loop5

loop13:                                           ; preds = %body14, %done7
  %i16 = phi i64 [ 0, %done7 ], [ %54, %body14 ]
  %49 = icmp slt i64 %i16, 4
  br i1 %49, label %body14, label %done15

body14:                                           ; preds = %loop13
  %50 = add nsw i64 %16, %i16
  %51 = getelementptr inbounds float, ptr %0, i64 %50
  %52 = load float, ptr %51, align 4
  %53 = fdiv float %52, %38
  store float %53, ptr %51, align 4
  %54 = add nsw i64 %i16, 1
  br label %loop13

done15:                                           ; preds = %loop13
  %55 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_agg_mean_4_slice3(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 16
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %10 = load ptr, ptr %9, align 8
  %11 = mul nsw i64 %1, 4
  %12 = getelementptr inbounds i8, ptr %10, i64 %11
  %13 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %14 = load ptr, ptr %13, align 8
  %15 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 4
  %16 = load i64, ptr %15, align 8
  %17 = sub nsw i64 %2, %1
  call void @k_agg_mean_4(ptr %6, ptr %8, ptr %12, ptr %14, i64 %17)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_rowdot_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %16, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %14, %body2 ]
  %acc = phi float [ 0.000000e+00, %body ], [ %13, %body2 ]
  %6 = icmp slt i64 %i4, 4
  br i1 %6, label %body2, label %done3

body2:                                            ; preds = %loop1
  %7 = add nsw i64 %5, %i4
  %8 = getelementptr inbounds float, ptr %2, i64 %7
  %9 = load float, ptr %8, align 4
  %10 = getelementptr inbounds float, ptr %1, i64 %7
  %11 = load float, ptr %10, align 4
  %12 = fmul reassoc contract float %11, %9
  %13 = fadd reassoc contract float %acc, %12
  %14 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %15 = getelementptr inbounds float, ptr %0, i64 %i
  store float %acc, ptr %15, align 4
  %16 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_rowdot_4_slice4(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 4
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = mul nsw i64 %1, 16
  %10 = getelementptr inbounds i8, ptr %8, i64 %9
  %11 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %12 = load ptr, ptr %11, align 8
  %13 = mul nsw i64 %1, 16
  %14 = getelementptr inbounds i8, ptr %12, i64 %13
  %15 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %16 = load i64, ptr %15, align 8
  %17 = sub nsw i64 %2, %1
  call void @k_rowdot_4(ptr %6, ptr %10, ptr %14, i64 %17)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_bce_logits(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %21, %body ]
  %acc = phi double [ 0.000000e+00, %entry ], [ %20, %body ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = getelementptr inbounds float, ptr %1, i64 %i
  %6 = load float, ptr %5, align 4
  %7 = fpext float %6 to double
  %8 = getelementptr inbounds float, ptr %2, i64 %i
  %9 = load float, ptr %8, align 4
  %10 = fpext float %9 to double
  %11 = fcmp ogt double %7, 0.000000e+00
  %12 = select i1 %11, double %7, double 0.000000e+00
  %13 = call double @llvm.fabs.f64(double %7)
  %14 = fneg double %13
  %15 = call double @exp(double %14)
  %16 = call double @log1p(double %15)
  %17 = fmul double %7, %10
  %18 = fsub double %12, %17
  %19 = fadd double %18, %16
  %20 = fadd double %acc, %19
  %21 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %22 = icmp sgt i64 %3, 0
  %23 = select i1 %22, i64 %3, i64 1
  %24 = sitofp i64 %23 to double
  %25 = fdiv double %acc, %24
  %26 = fptrunc double %25 to float
  %27 = getelementptr inbounds float, ptr %0, i64 0
  store float %26, ptr %27, align 4
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fabs.f64(double) #4

declare double @exp(double)

declare double @log1p(double)

define internal void @run_train(i32 %mode, ptr %batch, ptr %params, ptr %grads, ptr %ws, ptr %host, ptr %scores, ptr %loss) {
entry:
  %slice_args35 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args25 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args24 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args23 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args22 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args21 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args20 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args19 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args18 = alloca { ptr, ptr, i64 }, align 8
  %slice_args17 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args16 = alloca { ptr, ptr, i64 }, align 8
  %slice_args15 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args14 = alloca { ptr, ptr, i64 }, align 8
  %slice_args13 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args = alloca { ptr, ptr, ptr, i64 }, align 8
  %compact = icmp eq i32 %mode, 3
  %0 = icmp eq i32 %mode, 2
  %sparse = or i1 %0, %compact
  %1 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 0
  %2 = load ptr, ptr %1, align 8
  %3 = getelementptr inbounds i64, ptr %2, i64 0
  %dim0 = load i64, ptr %3, align 8
  %4 = getelementptr inbounds i64, ptr %2, i64 1
  %dim1 = load i64, ptr %4, align 8
  %5 = getelementptr inbounds i64, ptr %2, i64 2
  %dim2 = load i64, ptr %5, align 8
  %6 = getelementptr inbounds i64, ptr %2, i64 3
  %dim3 = load i64, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %2, i64 4
  %dim4 = load i64, ptr %7, align 8
  %8 = getelementptr inbounds i64, ptr %2, i64 5
  %dim5 = load i64, ptr %8, align 8
  %9 = getelementptr inbounds i64, ptr %2, i64 6
  %dim6 = load i64, ptr %9, align 8
  %slot0 = getelementptr inbounds float, ptr %ws, i64 0
  %10 = mul nsw i64 %dim2, 4
  %11 = add nsw i64 %10, 15
  %12 = and i64 %11, -16
  %13 = add nsw i64 0, %12
  %slot1 = getelementptr inbounds float, ptr %ws, i64 %13
  %14 = mul nsw i64 %dim3, 3
  %15 = add nsw i64 %14, 15
  %16 = and i64 %15, -16
  %17 = add nsw i64 %13, %16
  %slot2 = getelementptr inbounds float, ptr %ws, i64 %17
  %18 = mul nsw i64 %dim3, 4
  %19 = add nsw i64 %18, 15
  %20 = and i64 %19, -16
  %21 = add nsw i64 %17, %20
  %slot3 = getelementptr inbounds float, ptr %ws, i64 %21
  %22 = mul nsw i64 %dim3, 4
  %23 = add nsw i64 %22, 15
  %24 = and i64 %23, -16
  %25 = add nsw i64 %21, %24
  %slot4 = getelementptr inbounds float, ptr %ws, i64 %25
  %26 = mul nsw i64 %dim3, 4
  %27 = add nsw i64 %26, 15
  %28 = and i64 %27, -16
  %29 = add nsw i64 %25, %28
  %slot5 = getelementptr inbounds float, ptr %ws, i64 %29
  %30 = mul nsw i64 %dim2, 4
  %31 = add nsw i64 %30, 15
  %32 = and i64 %31, -16
  %33 = add nsw i64 %29, %32
  %slot6 = getelementptr inbounds float, ptr %ws, i64 %33
  %34 = mul nsw i64 %dim2, 4
  %35 = add nsw i64 %34, 15
  %36 = and i64 %35, -16
  %37 = add nsw i64 %33, %36
  %slot7 = getelementptr inbounds float, ptr %ws, i64 %37
  %38 = mul nsw i64 %dim6, 4
  %39 = add nsw i64 %38, 15
  %40 = and i64 %39, -16
  %41 = add nsw i64 %37, %40
  %slot8 = getelementptr inbounds float, ptr %ws, i64 %41
  %42 = mul nsw i64 %dim6, 4
  %43 = add nsw i64 %42, 15
  %44 = and i64 %43, -16
  %45 = add nsw i64 %41, %44
  %slot9 = getelementptr inbounds float, ptr %ws, i64 %45
  %46 = add nsw i64 %45, 16
  %slot10 = getelementptr inbounds float, ptr %ws, i64 %46
  %47 = mul nsw i64 %dim6, 1
  %48 = add nsw i64 %47, 15
  %49 = and i64 %48, -16
  %50 = add nsw i64 %46, %49
  %slot11 = getelementptr inbounds float, ptr %ws, i64 %50
  %51 = mul nsw i64 %dim6, 4
  %52 = add nsw i64 %51, 15
  %53 = and i64 %52, -16
  %54 = add nsw i64 %50, %53
  %slot12 = getelementptr inbounds float, ptr %ws, i64 %54
  %55 = mul nsw i64 %dim2, 4
  %56 = add nsw i64 %55, 15
  %57 = and i64 %56, -16
  %58 = add nsw i64 %54, %57
  %slot13 = getelementptr inbounds float, ptr %ws, i64 %58
  %59 = mul nsw i64 %dim3, 4
  %60 = add nsw i64 %59, 15
  %61 = and i64 %60, -16
  %62 = add nsw i64 %58, %61
  %63 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 2
  %parallel_for = load ptr, ptr %63, align 8
  %64 = icmp eq ptr %parallel_for, null
  %65 = select i1 %64, ptr @serial_for, ptr %parallel_for
  %66 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 3
  %pool = load ptr, ptr %66, align 8
  %67 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 0
  %sgemm = load ptr, ptr %67, align 8
  %68 = getelementptr inbounds ptr, ptr %grads, i64 2
  %grad = load ptr, ptr %68, align 8
  %compact_src = select i1 %compact, ptr %grad, ptr %slot12
  %69 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %70 = load ptr, ptr %69, align 8
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %78, %body ]
  %s_dst = phi i64 [ 0, %entry ], [ %77, %body ]
  %71 = icmp slt i64 %i, %dim6
  br i1 %71, label %body, label %done

body:                                             ; preds = %loop
  %72 = getelementptr inbounds i32, ptr %70, i64 %i
  %73 = load i32, ptr %72, align 4
  %74 = sext i32 %73 to i64
  %75 = add nsw i64 %74, 1
  %76 = icmp sgt i64 %75, %s_dst
  %77 = select i1 %76, i64 %75, i64 %s_dst
  %78 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %79 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %80 = load ptr, ptr %79, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %88, %body2 ]
  %s_src = phi i64 [ 0, %done ], [ %87, %body2 ]
  %81 = icmp slt i64 %i4, %dim6
  br i1 %81, label %body2, label %done3

body2:                                            ; preds = %loop1
  %82 = getelementptr inbounds i32, ptr %80, i64 %i4
  %83 = load i32, ptr %82, align 4
  %84 = sext i32 %83 to i64
  %85 = add nsw i64 %84, 1
  %86 = icmp sgt i64 %85, %s_src
  %87 = select i1 %86, i64 %85, i64 %s_src
  %88 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %89 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %90 = getelementptr inbounds [16 x ptr], ptr %89, i64 0, i64 1
  %91 = load ptr, ptr %90, align 8
  %92 = getelementptr inbounds i32, ptr %91, i64 %s_src
  %93 = load i32, ptr %92, align 4
  %94 = sext i32 %93 to i64
  %95 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %96 = getelementptr inbounds [16 x ptr], ptr %95, i64 0, i64 1
  %97 = load ptr, ptr %96, align 8
  br label %loop5

loop5:                                            ; preds = %body6, %done3
  %i8 = phi i64 [ 0, %done3 ], [ %105, %body6 ]
  %reach9 = phi i64 [ 0, %done3 ], [ %104, %body6 ]
  %98 = icmp slt i64 %i8, %94
  br i1 %98, label %body6, label %done7

body6:                                            ; preds = %loop5
  %99 = getelementptr inbounds i32, ptr %97, i64 %i8
  %100 = load i32, ptr %99, align 4
  %101 = sext i32 %100 to i64
  %102 = add nsw i64 %101, 1
  %103 = icmp sgt i64 %102, %reach9
  %104 = select i1 %103, i64 %102, i64 %reach9
  %105 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %106 = icmp sgt i64 %s_dst, %reach9
  %max10 = select i1 %106, i64 %s_dst, i64 %reach9
  %107 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %108 = getelementptr inbounds [16 x ptr], ptr %107, i64 0, i64 0
  %109 = load ptr, ptr %108, align 8
  %110 = getelementptr inbounds i32, ptr %109, i64 %s_dst
  %111 = load i32, ptr %110, align 4
  %112 = sext i32 %111 to i64
  %113 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %114 = getelementptr inbounds [16 x ptr], ptr %113, i64 0, i64 0
  %115 = load ptr, ptr %114, align 8
  br label %loop9

loop9:                                            ; preds = %body10, %done7
  %i12 = phi i64 [ 0, %done7 ], [ %123, %body10 ]
  %reach11 = phi i64 [ 0, %done7 ], [ %122, %body10 ]
  %116 = icmp slt i64 %i12, %112
  br i1 %116, label %body10, label %done11

body10:                                           ; preds = %loop9
  %117 = getelementptr inbounds i32, ptr %115, i64 %i12
  %118 = load i32, ptr %117, align 4
  %119 = sext i32 %118 to i64
  %120 = add nsw i64 %119, 1
  %121 = icmp sgt i64 %120, %reach11
  %122 = select i1 %121, i64 %120, i64 %reach11
  %123 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %124 = icmp sgt i64 %s_src, %reach11
  %max12 = select i1 %124, i64 %s_src, i64 %reach11
  %125 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %126 = getelementptr inbounds [8 x ptr], ptr %125, i64 0, i64 0
  %127 = load ptr, ptr %126, align 8
  %128 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %128, align 8
  %129 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %129, align 8
  %130 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %130, align 8
  %131 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %127, ptr %131, align 8
  %132 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %max12, ptr %132, align 8
  call void %65(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %max12, i64 256)
  %133 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %134 = getelementptr inbounds [8 x ptr], ptr %133, i64 0, i64 1
  %135 = load ptr, ptr %134, align 8
  %136 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %137 = getelementptr inbounds [8 x ptr], ptr %136, i64 0, i64 1
  %138 = load ptr, ptr %137, align 8
  %139 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 0
  store ptr %slot1, ptr %139, align 8
  %140 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 1
  store ptr %135, ptr %140, align 8
  %141 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 2
  store ptr %138, ptr %141, align 8
  %142 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 3
  store i64 %max10, ptr %142, align 8
  call void %65(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args13, i64 %max10, i64 256)
  %143 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %143, align 8
  %144 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %144, align 8
  %145 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 0
  store ptr %slot2, ptr %145, align 8
  %146 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 1
  store ptr %v8, ptr %146, align 8
  %147 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 2
  store i64 %max10, ptr %147, align 8
  call void %65(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args14, i64 %max10, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %max10, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 1.000000e+00)
  %148 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %148, align 8
  %149 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %149, align 8
  %150 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %150, align 8
  %151 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %152 = getelementptr inbounds [16 x ptr], ptr %151, i64 0, i64 0
  %153 = load ptr, ptr %152, align 8
  %154 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %155 = getelementptr inbounds [16 x ptr], ptr %154, i64 0, i64 0
  %156 = load ptr, ptr %155, align 8
  %157 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 0
  store ptr %slot3, ptr %157, align 8
  %158 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 1
  store ptr %slot0, ptr %158, align 8
  %159 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 2
  store ptr %153, ptr %159, align 8
  %160 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 3
  store ptr %156, ptr %160, align 8
  %161 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 4
  store i64 %s_dst, ptr %161, align 8
  call void %65(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args15, i64 %s_dst, i64 128)
  %162 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 0
  store ptr %slot4, ptr %162, align 8
  %163 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 1
  store ptr %v11, ptr %163, align 8
  %164 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 2
  store i64 %s_dst, ptr %164, align 8
  call void %65(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args16, i64 %s_dst, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_dst, i64 4, i64 4, ptr %slot3, i64 4, ptr %v10, i64 4, ptr %slot4, float 1.000000e+00)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_dst, i64 4, i64 4, ptr %slot2, i64 4, ptr %v12, i64 4, ptr %slot4, float 1.000000e+00)
  %165 = getelementptr inbounds ptr, ptr %params, i64 6
  %v18 = load ptr, ptr %165, align 8
  %166 = getelementptr inbounds ptr, ptr %params, i64 7
  %v19 = load ptr, ptr %166, align 8
  %167 = getelementptr inbounds ptr, ptr %params, i64 8
  %v20 = load ptr, ptr %167, align 8
  %168 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %169 = getelementptr inbounds [16 x ptr], ptr %168, i64 0, i64 1
  %170 = load ptr, ptr %169, align 8
  %171 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %172 = getelementptr inbounds [16 x ptr], ptr %171, i64 0, i64 1
  %173 = load ptr, ptr %172, align 8
  %174 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 0
  store ptr %slot5, ptr %174, align 8
  %175 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 1
  store ptr %slot2, ptr %175, align 8
  %176 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 2
  store ptr %170, ptr %176, align 8
  %177 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 3
  store ptr %173, ptr %177, align 8
  %178 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 4
  store i64 %s_src, ptr %178, align 8
  call void %65(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args17, i64 %s_src, i64 128)
  %179 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 0
  store ptr %slot6, ptr %179, align 8
  %180 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 1
  store ptr %v19, ptr %180, align 8
  %181 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 2
  store i64 %s_src, ptr %181, align 8
  call void %65(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args18, i64 %s_src, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_src, i64 4, i64 4, ptr %slot5, i64 4, ptr %v18, i64 4, ptr %slot6, float 1.000000e+00)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %s_src, i64 4, i64 4, ptr %slot0, i64 4, ptr %v20, i64 4, ptr %slot6, float 1.000000e+00)
  %182 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %183 = load ptr, ptr %182, align 8
  %184 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 0
  store ptr %slot7, ptr %184, align 8
  %185 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 1
  store ptr %slot6, ptr %185, align 8
  %186 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 2
  store ptr %183, ptr %186, align 8
  %187 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 3
  store i64 %dim6, ptr %187, align 8
  call void %65(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args19, i64 %dim6, i64 256)
  %188 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %189 = load ptr, ptr %188, align 8
  %190 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 0
  store ptr %slot8, ptr %190, align 8
  %191 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 1
  store ptr %slot4, ptr %191, align 8
  %192 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 2
  store ptr %189, ptr %192, align 8
  %193 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 3
  store i64 %dim6, ptr %193, align 8
  call void %65(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args20, i64 %dim6, i64 256)
  %194 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 0
  store ptr %scores, ptr %194, align 8
  %195 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 1
  store ptr %slot7, ptr %195, align 8
  %196 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 2
  store ptr %slot8, ptr %196, align 8
  %197 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 3
  store i64 %dim6, ptr %197, align 8
  call void %65(ptr %pool, ptr @k_rowdot_4_slice4, ptr %slice_args21, i64 %dim6, i64 256)
  %198 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 8
  %199 = load ptr, ptr %198, align 8
  call void @k_bce_logits(ptr %loss, ptr %scores, ptr %199, i64 %dim6)
  %200 = getelementptr inbounds float, ptr %slot9, i64 0
  store float 1.000000e+00, ptr %200, align 4
  call void @k_bce_grad(ptr %slot10, ptr %scores, ptr %199, ptr %slot9, i64 %dim6)
  %201 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 0
  store ptr %slot11, ptr %201, align 8
  %202 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 1
  store ptr %slot8, ptr %202, align 8
  %203 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 2
  store ptr %slot10, ptr %203, align 8
  %204 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 3
  store i64 %dim6, ptr %204, align 8
  call void %65(ptr %pool, ptr @k_mul_col_4_slice5, ptr %slice_args22, i64 %dim6, i64 256)
  %205 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 0
  store ptr %slot8, ptr %205, align 8
  %206 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 1
  store ptr %slot7, ptr %206, align 8
  %207 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 2
  store ptr %slot10, ptr %207, align 8
  %208 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 3
  store i64 %dim6, ptr %208, align 8
  call void %65(ptr %pool, ptr @k_mul_col_4_slice5, ptr %slice_args23, i64 %dim6, i64 256)
  %209 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 0
  store ptr %slot4, ptr %209, align 8
  %210 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 1
  store ptr %slot8, ptr %210, align 8
  %211 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 2
  store ptr %189, ptr %211, align 8
  %212 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 3
  store i64 %dim6, ptr %212, align 8
  %213 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 4
  store i64 %s_dst, ptr %213, align 8
  %214 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 5
  store i64 0, ptr %214, align 8
  %215 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 6
  store i64 0, ptr %215, align 8
  %216 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args24, i32 0, i32 7
  store i64 -1, ptr %216, align 8
  call void %65(ptr %pool, ptr @k_scatter_add_4_slice6, ptr %slice_args24, i64 %s_dst, i64 512)
  %217 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 0
  store ptr %slot6, ptr %217, align 8
  %218 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 1
  store ptr %slot11, ptr %218, align 8
  %219 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 2
  store ptr %183, ptr %219, align 8
  %220 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 3
  store i64 %dim6, ptr %220, align 8
  %221 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 4
  store i64 %s_src, ptr %221, align 8
  %222 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 5
  store i64 0, ptr %222, align 8
  %223 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 6
  store i64 0, ptr %223, align 8
  %224 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args25, i32 0, i32 7
  store i64 -1, ptr %224, align 8
  call void %65(ptr %pool, ptr @k_scatter_add_4_slice6, ptr %slice_args25, i64 %s_src, i64 512)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %s_src, i64 4, i64 4, ptr %slot6, i64 4, ptr %v20, i64 4, ptr %compact_src, float 0.000000e+00)
  %225 = sub nsw i64 %max12, %s_src
  %226 = mul nsw i64 %225, 4
  %227 = mul nsw i64 %s_src, 4
  %228 = getelementptr inbounds float, ptr %compact_src, i64 %227
  %229 = mul nsw i64 %226, 4
  call void @llvm.memset.p0.i64(ptr align 4 %228, i8 0, i64 %229, i1 false)
  %230 = getelementptr inbounds ptr, ptr %grads, i64 8
  %grad26 = load ptr, ptr %230, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %s_src, ptr %slot6, i64 4, ptr %slot0, i64 4, ptr %grad26, float 0.000000e+00)
  %231 = getelementptr inbounds ptr, ptr %grads, i64 7
  %grad27 = load ptr, ptr %231, align 8
  call void @k_sum_rows_4(ptr %grad27, ptr %slot6, i64 %s_src)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %s_src, i64 4, i64 4, ptr %slot6, i64 4, ptr %v18, i64 4, ptr %slot0, float 0.000000e+00)
  %232 = getelementptr inbounds ptr, ptr %grads, i64 6
  %grad28 = load ptr, ptr %232, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %s_src, ptr %slot6, i64 4, ptr %slot5, i64 4, ptr %grad28, float 0.000000e+00)
  %233 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %234 = getelementptr inbounds [16 x ptr], ptr %233, i64 0, i64 1
  %235 = load ptr, ptr %234, align 8
  %236 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %237 = getelementptr inbounds [16 x ptr], ptr %236, i64 0, i64 1
  %238 = load ptr, ptr %237, align 8
  call void @k_agg_mean_t_4(ptr %slot13, ptr %slot0, ptr %235, ptr %238, i64 %s_src, i64 %reach9)
  %239 = sub nsw i64 %max10, %reach9
  %240 = mul nsw i64 %239, 4
  %241 = mul nsw i64 %reach9, 4
  %242 = getelementptr inbounds float, ptr %slot13, i64 %241
  %243 = mul nsw i64 %240, 4
  call void @llvm.memset.p0.i64(ptr align 4 %242, i8 0, i64 %243, i1 false)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %s_dst, i64 4, i64 4, ptr %slot4, i64 4, ptr %v12, i64 4, ptr %slot13, float 1.000000e+00)
  %244 = getelementptr inbounds ptr, ptr %grads, i64 5
  %grad29 = load ptr, ptr %244, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %s_dst, ptr %slot4, i64 4, ptr %slot2, i64 4, ptr %grad29, float 0.000000e+00)
  %245 = getelementptr inbounds ptr, ptr %grads, i64 4
  %grad30 = load ptr, ptr %245, align 8
  call void @k_sum_rows_4(ptr %grad30, ptr %slot4, i64 %s_dst)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %s_dst, i64 4, i64 4, ptr %slot4, i64 4, ptr %v10, i64 4, ptr %slot2, float 0.000000e+00)
  %246 = getelementptr inbounds ptr, ptr %grads, i64 3
  %grad31 = load ptr, ptr %246, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %s_dst, ptr %slot4, i64 4, ptr %slot3, i64 4, ptr %grad31, float 0.000000e+00)
  %247 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %248 = getelementptr inbounds [16 x ptr], ptr %247, i64 0, i64 0
  %249 = load ptr, ptr %248, align 8
  %250 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %251 = getelementptr inbounds [16 x ptr], ptr %250, i64 0, i64 0
  %252 = load ptr, ptr %251, align 8
  call void @k_agg_mean_t_4(ptr %compact_src, ptr %slot2, ptr %249, ptr %252, i64 %s_dst, i64 0)
  %253 = getelementptr inbounds ptr, ptr %grads, i64 1
  %grad32 = load ptr, ptr %253, align 8
  call void @k_sum_rows_4(ptr %grad32, ptr %slot13, i64 %max10)
  %254 = getelementptr inbounds ptr, ptr %grads, i64 0
  %grad33 = load ptr, ptr %254, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 3, i64 %max10, ptr %slot13, i64 4, ptr %slot1, i64 3, ptr %grad33, float 0.000000e+00)
  %255 = getelementptr inbounds ptr, ptr %grads, i64 2
  %grad34 = load ptr, ptr %255, align 8
  %zn = select i1 %sparse, i64 %dim2, i64 -1
  br i1 %compact, label %compact_grad, label %scatter_grad

compact_grad:                                     ; preds = %done11
  %256 = mul nsw i64 %max12, 4
  %257 = mul nsw i64 %dim2, 4
  %258 = sub nsw i64 %257, %256
  %259 = getelementptr inbounds float, ptr %grad34, i64 %256
  %260 = mul nsw i64 %258, 4
  call void @llvm.memset.p0.i64(ptr align 4 %259, i8 0, i64 %260, i1 false)
  br label %grad_done

scatter_grad:                                     ; preds = %done11
  %261 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 0
  store ptr %grad34, ptr %261, align 8
  %262 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 1
  store ptr %compact_src, ptr %262, align 8
  %263 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 2
  store ptr %127, ptr %263, align 8
  %264 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 3
  store i64 %max12, ptr %264, align 8
  %265 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 4
  store i64 %dim0, ptr %265, align 8
  %266 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 5
  store i64 0, ptr %266, align 8
  %267 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 6
  store i64 0, ptr %267, align 8
  %268 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args35, i32 0, i32 7
  store i64 %zn, ptr %268, align 8
  call void %65(ptr %pool, ptr @k_scatter_add_4_slice6, ptr %slice_args35, i64 %dim0, i64 512)
  br label %grad_done

grad_done:                                        ; preds = %scatter_grad, %compact_grad
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_bce_grad(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, i64 %4) #0 {
entry:
  %5 = getelementptr inbounds float, ptr %3, i64 0
  %6 = load float, ptr %5, align 4
  %7 = fpext float %6 to double
  %8 = sitofp i64 %4 to double
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %25, %body ]
  %9 = icmp slt i64 %i, %4
  br i1 %9, label %body, label %done

body:                                             ; preds = %loop
  %10 = getelementptr inbounds float, ptr %1, i64 %i
  %11 = load float, ptr %10, align 4
  %12 = fpext float %11 to double
  %13 = getelementptr inbounds float, ptr %2, i64 %i
  %14 = load float, ptr %13, align 4
  %15 = fpext float %14 to double
  %16 = fneg double %12
  %17 = call double @exp(double %16)
  %18 = fadd double 1.000000e+00, %17
  %19 = fdiv double 1.000000e+00, %18
  %20 = fsub double %19, %15
  %21 = fmul double %7, %20
  %22 = fdiv double %21, %8
  %23 = fptrunc double %22 to float
  %24 = getelementptr inbounds float, ptr %0, i64 %i
  store float %23, ptr %24, align 4
  %25 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_mul_col_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %15, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = mul nsw i64 %i, 4
  %6 = getelementptr inbounds float, ptr %2, i64 %i
  %7 = load float, ptr %6, align 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %14, %body2 ]
  %8 = icmp slt i64 %i4, 4
  br i1 %8, label %body2, label %done3

body2:                                            ; preds = %loop1
  %9 = add nsw i64 %5, %i4
  %10 = getelementptr inbounds float, ptr %1, i64 %9
  %11 = load float, ptr %10, align 4
  %12 = fmul float %11, %7
  %13 = getelementptr inbounds float, ptr %0, i64 %9
  store float %12, ptr %13, align 4
  %14 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %15 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_mul_col_4_slice5(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 16
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = mul nsw i64 %1, 16
  %10 = getelementptr inbounds i8, ptr %8, i64 %9
  %11 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %12 = load ptr, ptr %11, align 8
  %13 = mul nsw i64 %1, 4
  %14 = getelementptr inbounds i8, ptr %12, i64 %13
  %15 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %16 = load i64, ptr %15, align 8
  %17 = sub nsw i64 %2, %1
  call void @k_mul_col_4(ptr %6, ptr %10, ptr %14, i64 %17)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_scatter_add_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3, i64 %4, i64 %5, i64 %6, i64 %7) #0 {
entry:
  %8 = icmp slt i64 %7, 0
  br i1 %8, label %dense_zero, label %sparse_rows

dense_zero:                                       ; preds = %entry
  %9 = sub nsw i64 %6, %5
  %10 = mul nsw i64 %9, 4
  %11 = mul nsw i64 %5, 4
  %12 = getelementptr inbounds float, ptr %0, i64 %11
  %13 = mul nsw i64 %10, 4
  call void @llvm.memset.p0.i64(ptr align 4 %12, i8 0, i64 %13, i1 false)
  br label %loop6

sparse_rows:                                      ; preds = %entry
  br label %loop

done:                                             ; preds = %done8, %done1
  ret void

loop:                                             ; preds = %next, %sparse_rows
  %i = phi i64 [ 0, %sparse_rows ], [ %33, %next ]
  %14 = icmp slt i64 %i, %7
  br i1 %14, label %body, label %done1

body:                                             ; preds = %loop
  %15 = getelementptr inbounds i32, ptr %2, i64 %i
  %16 = load i32, ptr %15, align 4
  %17 = sext i32 %16 to i64
  %18 = add nsw i64 %i, 16
  %19 = sub nsw i64 %7, 1
  %20 = icmp slt i64 %18, %7
  %21 = select i1 %20, i64 %18, i64 %19
  %22 = getelementptr inbounds i32, ptr %2, i64 %21
  %23 = load i32, ptr %22, align 4
  %24 = sext i32 %23 to i64
  %25 = mul nsw i64 %24, 4
  %26 = getelementptr inbounds float, ptr %0, i64 %25
  %27 = getelementptr inbounds float, ptr %26, i64 0
  call void @llvm.prefetch.p0(ptr %27, i32 1, i32 3, i32 1)
  %28 = sub i64 %6, %5
  %29 = sub i64 %17, %5
  %30 = icmp ult i64 %29, %28
  br i1 %30, label %mine, label %next

done1:                                            ; preds = %loop
  br label %done

mine:                                             ; preds = %body
  %31 = icmp slt i64 %i, %3
  %32 = select i1 %31, i64 %i, i64 0
  br label %loop2

next:                                             ; preds = %done4, %body
  %33 = add nsw i64 %i, 1
  br label %loop

loop2:                                            ; preds = %body3, %mine
  %i5 = phi i64 [ 0, %mine ], [ %44, %body3 ]
  %34 = icmp slt i64 %i5, 4
  br i1 %34, label %body3, label %done4

body3:                                            ; preds = %loop2
  %35 = mul nsw i64 %32, 4
  %36 = add nsw i64 %35, %i5
  %37 = getelementptr inbounds float, ptr %1, i64 %36
  %38 = load float, ptr %37, align 4
  %39 = select i1 %31, float %38, float 0.000000e+00
  %40 = fadd float 0.000000e+00, %39
  %41 = mul nsw i64 %17, 4
  %42 = add nsw i64 %41, %i5
  %43 = getelementptr inbounds float, ptr %0, i64 %42
  store float %40, ptr %43, align 4
  %44 = add nsw i64 %i5, 1
  br label %loop2

done4:                                            ; preds = %loop2
  br label %next

loop6:                                            ; preds = %next11, %dense_zero
  %i9 = phi i64 [ 0, %dense_zero ], [ %54, %next11 ]
  %45 = icmp slt i64 %i9, %3
  br i1 %45, label %body7, label %done8

body7:                                            ; preds = %loop6
  %46 = getelementptr inbounds i32, ptr %2, i64 %i9
  %47 = load i32, ptr %46, align 4
  %48 = sext i32 %47 to i64
  %49 = sub i64 %6, %5
  %50 = sub i64 %48, %5
  %51 = icmp ult i64 %50, %49
  br i1 %51, label %mine10, label %next11

done8:                                            ; preds = %loop6
  br label %done

mine10:                                           ; preds = %body7
  %52 = mul nsw i64 %i9, 4
  %53 = mul nsw i64 %48, 4
  br label %loop12

next11:                                           ; preds = %done14, %body7
  %54 = add nsw i64 %i9, 1
  br label %loop6

loop12:                                           ; preds = %body13, %mine10
  %i15 = phi i64 [ 0, %mine10 ], [ %63, %body13 ]
  %55 = icmp slt i64 %i15, 4
  br i1 %55, label %body13, label %done14

body13:                                           ; preds = %loop12
  %56 = add nsw i64 %52, %i15
  %57 = getelementptr inbounds float, ptr %1, i64 %56
  %58 = load float, ptr %57, align 4
  %59 = add nsw i64 %53, %i15
  %60 = getelementptr inbounds float, ptr %0, i64 %59
  %61 = load float, ptr %60, align 4
  %62 = fadd float %61, %58
  store float %62, ptr %60, align 4
  %63 = add nsw i64 %i15, 1
  br label %loop12

done14:                                           ; preds = %loop12
  br label %next11
}

; Function Attrs: nounwind
define internal void @k_scatter_add_4_slice6(ptr %0, i64 %1, i64 %2) #2 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 1
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 2
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 3
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 4
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 5
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 6
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %0, i32 0, i32 7
  %18 = load i64, ptr %17, align 8
  call void @k_scatter_add_4(ptr %4, ptr %6, ptr %8, i64 %10, i64 %12, i64 %1, i64 %2, i64 %18)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_sum_rows_4(ptr noalias %0, ptr noalias %1, i64 %2) #0 {
entry:
  call void @llvm.memset.p0.i64(ptr align 4 %0, i8 0, i64 16, i1 false)
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %14, %done3 ]
  %3 = icmp slt i64 %i, %2
  br i1 %3, label %body, label %done

body:                                             ; preds = %loop
  %4 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %13, %body2 ]
  %5 = icmp slt i64 %i4, 4
  br i1 %5, label %body2, label %done3

body2:                                            ; preds = %loop1
  %6 = add nsw i64 %4, %i4
  %7 = getelementptr inbounds float, ptr %1, i64 %6
  %8 = load float, ptr %7, align 4
  %9 = getelementptr inbounds float, ptr %0, i64 %i4
  %10 = load float, ptr %9, align 4
  %11 = fadd float %10, %8
  %12 = getelementptr inbounds float, ptr %0, i64 %i4
  store float %11, ptr %12, align 4
  %13 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %14 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: noinline nounwind
define internal void @k_agg_mean_t_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, i64 %4, i64 %5) #0 {
entry:
  %6 = mul nsw i64 %5, 4
  %7 = mul nsw i64 %6, 4
  call void @llvm.memset.p0.i64(ptr align 4 %0, i8 0, i64 %7, i1 false)
  %8 = getelementptr inbounds i32, ptr %2, i64 %4
  %9 = load i32, ptr %8, align 4
  %10 = sext i32 %9 to i64
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %37, %done3 ]
  %11 = icmp slt i64 %i, %4
  br i1 %11, label %body, label %done

body:                                             ; preds = %loop
  %12 = getelementptr inbounds i32, ptr %2, i64 %i
  %13 = load i32, ptr %12, align 4
  %14 = sext i32 %13 to i64
  %15 = add nsw i64 %i, 1
  %16 = getelementptr inbounds i32, ptr %2, i64 %15
  %17 = load i32, ptr %16, align 4
  %18 = sext i32 %17 to i64
  %deg = sub nsw i64 %18, %14
  %19 = sitofp i64 %deg to float
  %20 = fdiv float 1.000000e+00, %19
  %21 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %done7, %body
  %i4 = phi i64 [ %14, %body ], [ %48, %done7 ]
  %22 = icmp slt i64 %i4, %18
  br i1 %22, label %body2, label %done3

body2:                                            ; preds = %loop1
  %23 = add nsw i64 %i4, 32
  %24 = sub nsw i64 %10, 1
  %25 = icmp slt i64 %23, %10
  %26 = select i1 %25, i64 %23, i64 %24
  %27 = getelementptr inbounds i32, ptr %3, i64 %26
  %28 = load i32, ptr %27, align 4
  %29 = sext i32 %28 to i64
  %30 = mul nsw i64 %29, 4
  %31 = getelementptr inbounds float, ptr %0, i64 %30
  %32 = getelementptr inbounds float, ptr %31, i64 0
  call void @llvm.prefetch.p0(ptr %32, i32 1, i32 3, i32 1)
  %33 = getelementptr inbounds i32, ptr %3, i64 %i4
  %34 = load i32, ptr %33, align 4
  %35 = sext i32 %34 to i64
  %36 = mul nsw i64 %35, 4
  br label %loop5

done3:                                            ; preds = %loop1
  %37 = add nsw i64 %i, 1
  br label %loop

loop5:                                            ; preds = %body6, %body2
  %i8 = phi i64 [ 0, %body2 ], [ %47, %body6 ]
  %38 = icmp slt i64 %i8, 4
  br i1 %38, label %body6, label %done7

body6:                                            ; preds = %loop5
  %39 = add nsw i64 %21, %i8
  %40 = getelementptr inbounds float, ptr %1, i64 %39
  %41 = load float, ptr %40, align 4
  %42 = fmul float %41, %20
  %43 = add nsw i64 %36, %i8
  %44 = getelementptr inbounds float, ptr %0, i64 %43
  %45 = load float, ptr %44, align 4
  %46 = fadd float %45, %42
  store float %46, ptr %44, align 4
  %47 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %48 = add nsw i64 %i4, 1
  br label %loop1
}

define internal void @run(i32 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7) {
entry:
  %8 = sub i32 %0, 1
  %9 = icmp ult i32 %8, 3
  br i1 %9, label %train, label %forward

train:                                            ; preds = %entry
  call void @run_train(i32 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7)
  ret void

forward:                                          ; preds = %entry
  call void @run_forward(i32 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7)
  ret void
}

define internal i64 @rows(i32 %0, ptr %1, ptr %2) {
entry:
  %3 = icmp eq ptr %2, null
  br i1 %3, label %count, label %extents

count:                                            ; preds = %entry
  ret i64 56

extents:                                          ; preds = %entry
  %4 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 0
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds i64, ptr %5, i64 0
  %dim0 = load i64, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %5, i64 1
  %dim1 = load i64, ptr %7, align 8
  %8 = getelementptr inbounds i64, ptr %5, i64 2
  %dim2 = load i64, ptr %8, align 8
  %9 = getelementptr inbounds i64, ptr %5, i64 3
  %dim3 = load i64, ptr %9, align 8
  %10 = getelementptr inbounds i64, ptr %5, i64 4
  %dim4 = load i64, ptr %10, align 8
  %11 = getelementptr inbounds i64, ptr %5, i64 5
  %dim5 = load i64, ptr %11, align 8
  %12 = getelementptr inbounds i64, ptr %5, i64 6
  %dim6 = load i64, ptr %12, align 8
  %13 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 7
  %14 = load ptr, ptr %13, align 8
  br label %loop

forward:                                          ; preds = %done11
  %15 = getelementptr inbounds i64, ptr %2, i64 0
  store i64 -1, ptr %15, align 8
  %16 = getelementptr inbounds i64, ptr %2, i64 1
  store i64 0, ptr %16, align 8
  %17 = getelementptr inbounds i64, ptr %2, i64 2
  store i64 -1, ptr %17, align 8
  %18 = getelementptr inbounds i64, ptr %2, i64 3
  store i64 0, ptr %18, align 8
  %19 = getelementptr inbounds i64, ptr %2, i64 4
  store i64 %max12, ptr %19, align 8
  %20 = getelementptr inbounds i64, ptr %2, i64 5
  store i64 0, ptr %20, align 8
  %21 = getelementptr inbounds i64, ptr %2, i64 6
  store i64 -1, ptr %21, align 8
  %22 = getelementptr inbounds i64, ptr %2, i64 7
  store i64 0, ptr %22, align 8
  %23 = getelementptr inbounds i64, ptr %2, i64 8
  store i64 -1, ptr %23, align 8
  %24 = getelementptr inbounds i64, ptr %2, i64 9
  store i64 0, ptr %24, align 8
  %25 = getelementptr inbounds i64, ptr %2, i64 10
  store i64 %max10, ptr %25, align 8
  %26 = getelementptr inbounds i64, ptr %2, i64 11
  store i64 0, ptr %26, align 8
  %27 = getelementptr inbounds i64, ptr %2, i64 12
  store i64 -1, ptr %27, align 8
  %28 = getelementptr inbounds i64, ptr %2, i64 13
  store i64 0, ptr %28, align 8
  %29 = getelementptr inbounds i64, ptr %2, i64 14
  store i64 %max10, ptr %29, align 8
  %30 = getelementptr inbounds i64, ptr %2, i64 15
  store i64 0, ptr %30, align 8
  %31 = getelementptr inbounds i64, ptr %2, i64 16
  store i64 -1, ptr %31, align 8
  %32 = getelementptr inbounds i64, ptr %2, i64 17
  store i64 0, ptr %32, align 8
  %33 = getelementptr inbounds i64, ptr %2, i64 18
  store i64 %max10, ptr %33, align 8
  %34 = getelementptr inbounds i64, ptr %2, i64 19
  store i64 0, ptr %34, align 8
  %35 = getelementptr inbounds i64, ptr %2, i64 20
  store i64 -1, ptr %35, align 8
  %36 = getelementptr inbounds i64, ptr %2, i64 21
  store i64 0, ptr %36, align 8
  %37 = getelementptr inbounds i64, ptr %2, i64 22
  store i64 -1, ptr %37, align 8
  %38 = getelementptr inbounds i64, ptr %2, i64 23
  store i64 0, ptr %38, align 8
  %39 = getelementptr inbounds i64, ptr %2, i64 24
  store i64 -1, ptr %39, align 8
  %40 = getelementptr inbounds i64, ptr %2, i64 25
  store i64 0, ptr %40, align 8
  %41 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %42 = getelementptr inbounds [16 x ptr], ptr %41, i64 0, i64 0
  %43 = load ptr, ptr %42, align 8
  %44 = getelementptr inbounds i32, ptr %43, i64 %s_dst
  %45 = load i32, ptr %44, align 4
  %46 = sext i32 %45 to i64
  %47 = getelementptr inbounds i64, ptr %2, i64 26
  store i64 %s_dst, ptr %47, align 8
  %48 = getelementptr inbounds i64, ptr %2, i64 27
  store i64 %46, ptr %48, align 8
  %49 = getelementptr inbounds i64, ptr %2, i64 28
  store i64 %s_dst, ptr %49, align 8
  %50 = getelementptr inbounds i64, ptr %2, i64 29
  store i64 0, ptr %50, align 8
  %51 = getelementptr inbounds i64, ptr %2, i64 30
  store i64 %s_dst, ptr %51, align 8
  %52 = getelementptr inbounds i64, ptr %2, i64 31
  store i64 0, ptr %52, align 8
  %53 = getelementptr inbounds i64, ptr %2, i64 32
  store i64 %s_dst, ptr %53, align 8
  %54 = getelementptr inbounds i64, ptr %2, i64 33
  store i64 0, ptr %54, align 8
  %55 = getelementptr inbounds i64, ptr %2, i64 34
  store i64 %s_dst, ptr %55, align 8
  %56 = getelementptr inbounds i64, ptr %2, i64 35
  store i64 0, ptr %56, align 8
  %57 = getelementptr inbounds i64, ptr %2, i64 36
  store i64 -1, ptr %57, align 8
  %58 = getelementptr inbounds i64, ptr %2, i64 37
  store i64 0, ptr %58, align 8
  %59 = getelementptr inbounds i64, ptr %2, i64 38
  store i64 -1, ptr %59, align 8
  %60 = getelementptr inbounds i64, ptr %2, i64 39
  store i64 0, ptr %60, align 8
  %61 = getelementptr inbounds i64, ptr %2, i64 40
  store i64 -1, ptr %61, align 8
  %62 = getelementptr inbounds i64, ptr %2, i64 41
  store i64 0, ptr %62, align 8
  %63 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %64 = getelementptr inbounds [16 x ptr], ptr %63, i64 0, i64 1
  %65 = load ptr, ptr %64, align 8
  %66 = getelementptr inbounds i32, ptr %65, i64 %s_src
  %67 = load i32, ptr %66, align 4
  %68 = sext i32 %67 to i64
  %69 = getelementptr inbounds i64, ptr %2, i64 42
  store i64 %s_src, ptr %69, align 8
  %70 = getelementptr inbounds i64, ptr %2, i64 43
  store i64 %68, ptr %70, align 8
  %71 = getelementptr inbounds i64, ptr %2, i64 44
  store i64 %s_src, ptr %71, align 8
  %72 = getelementptr inbounds i64, ptr %2, i64 45
  store i64 0, ptr %72, align 8
  %73 = getelementptr inbounds i64, ptr %2, i64 46
  store i64 %s_src, ptr %73, align 8
  %74 = getelementptr inbounds i64, ptr %2, i64 47
  store i64 0, ptr %74, align 8
  %75 = getelementptr inbounds i64, ptr %2, i64 48
  store i64 %s_src, ptr %75, align 8
  %76 = getelementptr inbounds i64, ptr %2, i64 49
  store i64 0, ptr %76, align 8
  %77 = getelementptr inbounds i64, ptr %2, i64 50
  store i64 %s_src, ptr %77, align 8
  %78 = getelementptr inbounds i64, ptr %2, i64 51
  store i64 0, ptr %78, align 8
  %79 = getelementptr inbounds i64, ptr %2, i64 52
  store i64 -1, ptr %79, align 8
  %80 = getelementptr inbounds i64, ptr %2, i64 53
  store i64 0, ptr %80, align 8
  %81 = getelementptr inbounds i64, ptr %2, i64 54
  store i64 %dim6, ptr %81, align 8
  %82 = getelementptr inbounds i64, ptr %2, i64 55
  store i64 0, ptr %82, align 8
  %83 = getelementptr inbounds i64, ptr %2, i64 56
  store i64 -1, ptr %83, align 8
  %84 = getelementptr inbounds i64, ptr %2, i64 57
  store i64 0, ptr %84, align 8
  %85 = getelementptr inbounds i64, ptr %2, i64 58
  store i64 %dim6, ptr %85, align 8
  %86 = getelementptr inbounds i64, ptr %2, i64 59
  store i64 0, ptr %86, align 8
  %87 = getelementptr inbounds i64, ptr %2, i64 60
  store i64 %dim6, ptr %87, align 8
  %88 = getelementptr inbounds i64, ptr %2, i64 61
  store i64 0, ptr %88, align 8
  %89 = getelementptr inbounds i64, ptr %2, i64 62
  store i64 -1, ptr %89, align 8
  %90 = getelementptr inbounds i64, ptr %2, i64 63
  store i64 0, ptr %90, align 8
  %91 = getelementptr inbounds i64, ptr %2, i64 64
  store i64 %dim6, ptr %91, align 8
  %92 = getelementptr inbounds i64, ptr %2, i64 65
  store i64 0, ptr %92, align 8
  %93 = getelementptr inbounds i64, ptr %2, i64 66
  store i64 -1, ptr %93, align 8
  %94 = getelementptr inbounds i64, ptr %2, i64 67
  store i64 0, ptr %94, align 8
  %95 = getelementptr inbounds i64, ptr %2, i64 68
  store i64 -1, ptr %95, align 8
  %96 = getelementptr inbounds i64, ptr %2, i64 69
  store i64 0, ptr %96, align 8
  %97 = getelementptr inbounds i64, ptr %2, i64 70
  store i64 -1, ptr %97, align 8
  %98 = getelementptr inbounds i64, ptr %2, i64 71
  store i64 0, ptr %98, align 8
  %99 = getelementptr inbounds i64, ptr %2, i64 72
  store i64 -1, ptr %99, align 8
  %100 = getelementptr inbounds i64, ptr %2, i64 73
  store i64 0, ptr %100, align 8
  %101 = getelementptr inbounds i64, ptr %2, i64 74
  store i64 -1, ptr %101, align 8
  %102 = getelementptr inbounds i64, ptr %2, i64 75
  store i64 0, ptr %102, align 8
  %103 = getelementptr inbounds i64, ptr %2, i64 76
  store i64 -1, ptr %103, align 8
  %104 = getelementptr inbounds i64, ptr %2, i64 77
  store i64 0, ptr %104, align 8
  %105 = getelementptr inbounds i64, ptr %2, i64 78
  store i64 -1, ptr %105, align 8
  %106 = getelementptr inbounds i64, ptr %2, i64 79
  store i64 0, ptr %106, align 8
  %107 = getelementptr inbounds i64, ptr %2, i64 80
  store i64 -1, ptr %107, align 8
  %108 = getelementptr inbounds i64, ptr %2, i64 81
  store i64 0, ptr %108, align 8
  %109 = getelementptr inbounds i64, ptr %2, i64 82
  store i64 -1, ptr %109, align 8
  %110 = getelementptr inbounds i64, ptr %2, i64 83
  store i64 0, ptr %110, align 8
  %111 = getelementptr inbounds i64, ptr %2, i64 84
  store i64 -1, ptr %111, align 8
  %112 = getelementptr inbounds i64, ptr %2, i64 85
  store i64 0, ptr %112, align 8
  %113 = getelementptr inbounds i64, ptr %2, i64 86
  store i64 -1, ptr %113, align 8
  %114 = getelementptr inbounds i64, ptr %2, i64 87
  store i64 0, ptr %114, align 8
  %115 = getelementptr inbounds i64, ptr %2, i64 88
  store i64 -1, ptr %115, align 8
  %116 = getelementptr inbounds i64, ptr %2, i64 89
  store i64 0, ptr %116, align 8
  %117 = getelementptr inbounds i64, ptr %2, i64 90
  store i64 -1, ptr %117, align 8
  %118 = getelementptr inbounds i64, ptr %2, i64 91
  store i64 0, ptr %118, align 8
  %119 = getelementptr inbounds i64, ptr %2, i64 92
  store i64 -1, ptr %119, align 8
  %120 = getelementptr inbounds i64, ptr %2, i64 93
  store i64 0, ptr %120, align 8
  %121 = getelementptr inbounds i64, ptr %2, i64 94
  store i64 -1, ptr %121, align 8
  %122 = getelementptr inbounds i64, ptr %2, i64 95
  store i64 0, ptr %122, align 8
  %123 = getelementptr inbounds i64, ptr %2, i64 96
  store i64 -1, ptr %123, align 8
  %124 = getelementptr inbounds i64, ptr %2, i64 97
  store i64 0, ptr %124, align 8
  %125 = getelementptr inbounds i64, ptr %2, i64 98
  store i64 -1, ptr %125, align 8
  %126 = getelementptr inbounds i64, ptr %2, i64 99
  store i64 0, ptr %126, align 8
  %127 = getelementptr inbounds i64, ptr %2, i64 100
  store i64 -1, ptr %127, align 8
  %128 = getelementptr inbounds i64, ptr %2, i64 101
  store i64 0, ptr %128, align 8
  %129 = getelementptr inbounds i64, ptr %2, i64 102
  store i64 -1, ptr %129, align 8
  %130 = getelementptr inbounds i64, ptr %2, i64 103
  store i64 0, ptr %130, align 8
  %131 = getelementptr inbounds i64, ptr %2, i64 104
  store i64 -1, ptr %131, align 8
  %132 = getelementptr inbounds i64, ptr %2, i64 105
  store i64 0, ptr %132, align 8
  %133 = getelementptr inbounds i64, ptr %2, i64 106
  store i64 -1, ptr %133, align 8
  %134 = getelementptr inbounds i64, ptr %2, i64 107
  store i64 0, ptr %134, align 8
  %135 = getelementptr inbounds i64, ptr %2, i64 108
  store i64 -1, ptr %135, align 8
  %136 = getelementptr inbounds i64, ptr %2, i64 109
  store i64 0, ptr %136, align 8
  %137 = getelementptr inbounds i64, ptr %2, i64 110
  store i64 -1, ptr %137, align 8
  %138 = getelementptr inbounds i64, ptr %2, i64 111
  store i64 0, ptr %138, align 8
  ret i64 56

train:                                            ; preds = %done11
  %139 = getelementptr inbounds i64, ptr %2, i64 0
  store i64 -1, ptr %139, align 8
  %140 = getelementptr inbounds i64, ptr %2, i64 1
  store i64 0, ptr %140, align 8
  %141 = getelementptr inbounds i64, ptr %2, i64 2
  store i64 -1, ptr %141, align 8
  %142 = getelementptr inbounds i64, ptr %2, i64 3
  store i64 0, ptr %142, align 8
  %143 = getelementptr inbounds i64, ptr %2, i64 4
  store i64 %max12, ptr %143, align 8
  %144 = getelementptr inbounds i64, ptr %2, i64 5
  store i64 0, ptr %144, align 8
  %145 = getelementptr inbounds i64, ptr %2, i64 6
  store i64 -1, ptr %145, align 8
  %146 = getelementptr inbounds i64, ptr %2, i64 7
  store i64 0, ptr %146, align 8
  %147 = getelementptr inbounds i64, ptr %2, i64 8
  store i64 -1, ptr %147, align 8
  %148 = getelementptr inbounds i64, ptr %2, i64 9
  store i64 0, ptr %148, align 8
  %149 = getelementptr inbounds i64, ptr %2, i64 10
  store i64 %max10, ptr %149, align 8
  %150 = getelementptr inbounds i64, ptr %2, i64 11
  store i64 0, ptr %150, align 8
  %151 = getelementptr inbounds i64, ptr %2, i64 12
  store i64 -1, ptr %151, align 8
  %152 = getelementptr inbounds i64, ptr %2, i64 13
  store i64 0, ptr %152, align 8
  %153 = getelementptr inbounds i64, ptr %2, i64 14
  store i64 %max10, ptr %153, align 8
  %154 = getelementptr inbounds i64, ptr %2, i64 15
  store i64 0, ptr %154, align 8
  %155 = getelementptr inbounds i64, ptr %2, i64 16
  store i64 -1, ptr %155, align 8
  %156 = getelementptr inbounds i64, ptr %2, i64 17
  store i64 0, ptr %156, align 8
  %157 = getelementptr inbounds i64, ptr %2, i64 18
  store i64 %max10, ptr %157, align 8
  %158 = getelementptr inbounds i64, ptr %2, i64 19
  store i64 0, ptr %158, align 8
  %159 = getelementptr inbounds i64, ptr %2, i64 20
  store i64 -1, ptr %159, align 8
  %160 = getelementptr inbounds i64, ptr %2, i64 21
  store i64 0, ptr %160, align 8
  %161 = getelementptr inbounds i64, ptr %2, i64 22
  store i64 -1, ptr %161, align 8
  %162 = getelementptr inbounds i64, ptr %2, i64 23
  store i64 0, ptr %162, align 8
  %163 = getelementptr inbounds i64, ptr %2, i64 24
  store i64 -1, ptr %163, align 8
  %164 = getelementptr inbounds i64, ptr %2, i64 25
  store i64 0, ptr %164, align 8
  %165 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %166 = getelementptr inbounds [16 x ptr], ptr %165, i64 0, i64 0
  %167 = load ptr, ptr %166, align 8
  %168 = getelementptr inbounds i32, ptr %167, i64 %s_dst
  %169 = load i32, ptr %168, align 4
  %170 = sext i32 %169 to i64
  %171 = getelementptr inbounds i64, ptr %2, i64 26
  store i64 %s_dst, ptr %171, align 8
  %172 = getelementptr inbounds i64, ptr %2, i64 27
  store i64 %170, ptr %172, align 8
  %173 = getelementptr inbounds i64, ptr %2, i64 28
  store i64 %s_dst, ptr %173, align 8
  %174 = getelementptr inbounds i64, ptr %2, i64 29
  store i64 0, ptr %174, align 8
  %175 = getelementptr inbounds i64, ptr %2, i64 30
  store i64 %s_dst, ptr %175, align 8
  %176 = getelementptr inbounds i64, ptr %2, i64 31
  store i64 0, ptr %176, align 8
  %177 = getelementptr inbounds i64, ptr %2, i64 32
  store i64 %s_dst, ptr %177, align 8
  %178 = getelementptr inbounds i64, ptr %2, i64 33
  store i64 0, ptr %178, align 8
  %179 = getelementptr inbounds i64, ptr %2, i64 34
  store i64 %s_dst, ptr %179, align 8
  %180 = getelementptr inbounds i64, ptr %2, i64 35
  store i64 0, ptr %180, align 8
  %181 = getelementptr inbounds i64, ptr %2, i64 36
  store i64 -1, ptr %181, align 8
  %182 = getelementptr inbounds i64, ptr %2, i64 37
  store i64 0, ptr %182, align 8
  %183 = getelementptr inbounds i64, ptr %2, i64 38
  store i64 -1, ptr %183, align 8
  %184 = getelementptr inbounds i64, ptr %2, i64 39
  store i64 0, ptr %184, align 8
  %185 = getelementptr inbounds i64, ptr %2, i64 40
  store i64 -1, ptr %185, align 8
  %186 = getelementptr inbounds i64, ptr %2, i64 41
  store i64 0, ptr %186, align 8
  %187 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %188 = getelementptr inbounds [16 x ptr], ptr %187, i64 0, i64 1
  %189 = load ptr, ptr %188, align 8
  %190 = getelementptr inbounds i32, ptr %189, i64 %s_src
  %191 = load i32, ptr %190, align 4
  %192 = sext i32 %191 to i64
  %193 = getelementptr inbounds i64, ptr %2, i64 42
  store i64 %s_src, ptr %193, align 8
  %194 = getelementptr inbounds i64, ptr %2, i64 43
  store i64 %192, ptr %194, align 8
  %195 = getelementptr inbounds i64, ptr %2, i64 44
  store i64 %s_src, ptr %195, align 8
  %196 = getelementptr inbounds i64, ptr %2, i64 45
  store i64 0, ptr %196, align 8
  %197 = getelementptr inbounds i64, ptr %2, i64 46
  store i64 %s_src, ptr %197, align 8
  %198 = getelementptr inbounds i64, ptr %2, i64 47
  store i64 0, ptr %198, align 8
  %199 = getelementptr inbounds i64, ptr %2, i64 48
  store i64 %s_src, ptr %199, align 8
  %200 = getelementptr inbounds i64, ptr %2, i64 49
  store i64 0, ptr %200, align 8
  %201 = getelementptr inbounds i64, ptr %2, i64 50
  store i64 %s_src, ptr %201, align 8
  %202 = getelementptr inbounds i64, ptr %2, i64 51
  store i64 0, ptr %202, align 8
  %203 = getelementptr inbounds i64, ptr %2, i64 52
  store i64 -1, ptr %203, align 8
  %204 = getelementptr inbounds i64, ptr %2, i64 53
  store i64 0, ptr %204, align 8
  %205 = getelementptr inbounds i64, ptr %2, i64 54
  store i64 %dim6, ptr %205, align 8
  %206 = getelementptr inbounds i64, ptr %2, i64 55
  store i64 0, ptr %206, align 8
  %207 = getelementptr inbounds i64, ptr %2, i64 56
  store i64 -1, ptr %207, align 8
  %208 = getelementptr inbounds i64, ptr %2, i64 57
  store i64 0, ptr %208, align 8
  %209 = getelementptr inbounds i64, ptr %2, i64 58
  store i64 %dim6, ptr %209, align 8
  %210 = getelementptr inbounds i64, ptr %2, i64 59
  store i64 0, ptr %210, align 8
  %211 = getelementptr inbounds i64, ptr %2, i64 60
  store i64 %dim6, ptr %211, align 8
  %212 = getelementptr inbounds i64, ptr %2, i64 61
  store i64 0, ptr %212, align 8
  %213 = getelementptr inbounds i64, ptr %2, i64 62
  store i64 -1, ptr %213, align 8
  %214 = getelementptr inbounds i64, ptr %2, i64 63
  store i64 0, ptr %214, align 8
  %215 = getelementptr inbounds i64, ptr %2, i64 64
  store i64 %dim6, ptr %215, align 8
  %216 = getelementptr inbounds i64, ptr %2, i64 65
  store i64 0, ptr %216, align 8
  %217 = getelementptr inbounds i64, ptr %2, i64 66
  store i64 1, ptr %217, align 8
  %218 = getelementptr inbounds i64, ptr %2, i64 67
  store i64 0, ptr %218, align 8
  %219 = getelementptr inbounds i64, ptr %2, i64 68
  store i64 %dim6, ptr %219, align 8
  %220 = getelementptr inbounds i64, ptr %2, i64 69
  store i64 0, ptr %220, align 8
  %221 = getelementptr inbounds i64, ptr %2, i64 70
  store i64 %dim6, ptr %221, align 8
  %222 = getelementptr inbounds i64, ptr %2, i64 71
  store i64 0, ptr %222, align 8
  %223 = getelementptr inbounds i64, ptr %2, i64 72
  store i64 %dim6, ptr %223, align 8
  %224 = getelementptr inbounds i64, ptr %2, i64 73
  store i64 0, ptr %224, align 8
  %225 = getelementptr inbounds i64, ptr %2, i64 74
  store i64 %dim6, ptr %225, align 8
  %226 = getelementptr inbounds i64, ptr %2, i64 75
  store i64 0, ptr %226, align 8
  %227 = getelementptr inbounds i64, ptr %2, i64 76
  store i64 %dim6, ptr %227, align 8
  %228 = getelementptr inbounds i64, ptr %2, i64 77
  store i64 0, ptr %228, align 8
  %229 = getelementptr inbounds i64, ptr %2, i64 78
  store i64 %s_src, ptr %229, align 8
  %230 = getelementptr inbounds i64, ptr %2, i64 79
  store i64 0, ptr %230, align 8
  %231 = getelementptr inbounds i64, ptr %2, i64 80
  store i64 %s_src, ptr %231, align 8
  %232 = getelementptr inbounds i64, ptr %2, i64 81
  store i64 0, ptr %232, align 8
  %233 = getelementptr inbounds i64, ptr %2, i64 82
  store i64 %s_src, ptr %233, align 8
  %234 = getelementptr inbounds i64, ptr %2, i64 83
  store i64 0, ptr %234, align 8
  %235 = getelementptr inbounds i64, ptr %2, i64 84
  store i64 %s_src, ptr %235, align 8
  %236 = getelementptr inbounds i64, ptr %2, i64 85
  store i64 0, ptr %236, align 8
  %237 = getelementptr inbounds i64, ptr %2, i64 86
  store i64 %s_src, ptr %237, align 8
  %238 = getelementptr inbounds i64, ptr %2, i64 87
  store i64 0, ptr %238, align 8
  %239 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %240 = getelementptr inbounds [16 x ptr], ptr %239, i64 0, i64 1
  %241 = load ptr, ptr %240, align 8
  %242 = getelementptr inbounds i32, ptr %241, i64 %s_src
  %243 = load i32, ptr %242, align 4
  %244 = sext i32 %243 to i64
  %245 = getelementptr inbounds i64, ptr %2, i64 88
  store i64 %s_src, ptr %245, align 8
  %246 = getelementptr inbounds i64, ptr %2, i64 89
  store i64 %244, ptr %246, align 8
  %247 = getelementptr inbounds i64, ptr %2, i64 90
  store i64 %s_dst, ptr %247, align 8
  %248 = getelementptr inbounds i64, ptr %2, i64 91
  store i64 0, ptr %248, align 8
  %249 = getelementptr inbounds i64, ptr %2, i64 92
  store i64 %max10, ptr %249, align 8
  %250 = getelementptr inbounds i64, ptr %2, i64 93
  store i64 0, ptr %250, align 8
  %251 = getelementptr inbounds i64, ptr %2, i64 94
  store i64 %s_dst, ptr %251, align 8
  %252 = getelementptr inbounds i64, ptr %2, i64 95
  store i64 0, ptr %252, align 8
  %253 = getelementptr inbounds i64, ptr %2, i64 96
  store i64 %s_dst, ptr %253, align 8
  %254 = getelementptr inbounds i64, ptr %2, i64 97
  store i64 0, ptr %254, align 8
  %255 = getelementptr inbounds i64, ptr %2, i64 98
  store i64 %s_dst, ptr %255, align 8
  %256 = getelementptr inbounds i64, ptr %2, i64 99
  store i64 0, ptr %256, align 8
  %257 = getelementptr inbounds i64, ptr %2, i64 100
  store i64 %s_dst, ptr %257, align 8
  %258 = getelementptr inbounds i64, ptr %2, i64 101
  store i64 0, ptr %258, align 8
  %259 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %260 = getelementptr inbounds [16 x ptr], ptr %259, i64 0, i64 0
  %261 = load ptr, ptr %260, align 8
  %262 = getelementptr inbounds i32, ptr %261, i64 %s_dst
  %263 = load i32, ptr %262, align 4
  %264 = sext i32 %263 to i64
  %265 = getelementptr inbounds i64, ptr %2, i64 102
  store i64 %s_dst, ptr %265, align 8
  %266 = getelementptr inbounds i64, ptr %2, i64 103
  store i64 %264, ptr %266, align 8
  %267 = getelementptr inbounds i64, ptr %2, i64 104
  store i64 %max12, ptr %267, align 8
  %268 = getelementptr inbounds i64, ptr %2, i64 105
  store i64 0, ptr %268, align 8
  %269 = getelementptr inbounds i64, ptr %2, i64 106
  store i64 %max10, ptr %269, align 8
  %270 = getelementptr inbounds i64, ptr %2, i64 107
  store i64 0, ptr %270, align 8
  %271 = getelementptr inbounds i64, ptr %2, i64 108
  store i64 %max10, ptr %271, align 8
  %272 = getelementptr inbounds i64, ptr %2, i64 109
  store i64 0, ptr %272, align 8
  %273 = getelementptr inbounds i64, ptr %2, i64 110
  store i64 %max12, ptr %273, align 8
  %274 = getelementptr inbounds i64, ptr %2, i64 111
  store i64 0, ptr %274, align 8
  ret i64 56

loop:                                             ; preds = %body, %extents
  %i = phi i64 [ 0, %extents ], [ %282, %body ]
  %s_dst = phi i64 [ 0, %extents ], [ %281, %body ]
  %275 = icmp slt i64 %i, %dim6
  br i1 %275, label %body, label %done

body:                                             ; preds = %loop
  %276 = getelementptr inbounds i32, ptr %14, i64 %i
  %277 = load i32, ptr %276, align 4
  %278 = sext i32 %277 to i64
  %279 = add nsw i64 %278, 1
  %280 = icmp sgt i64 %279, %s_dst
  %281 = select i1 %280, i64 %279, i64 %s_dst
  %282 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %283 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 6
  %284 = load ptr, ptr %283, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %292, %body2 ]
  %s_src = phi i64 [ 0, %done ], [ %291, %body2 ]
  %285 = icmp slt i64 %i4, %dim6
  br i1 %285, label %body2, label %done3

body2:                                            ; preds = %loop1
  %286 = getelementptr inbounds i32, ptr %284, i64 %i4
  %287 = load i32, ptr %286, align 4
  %288 = sext i32 %287 to i64
  %289 = add nsw i64 %288, 1
  %290 = icmp sgt i64 %289, %s_src
  %291 = select i1 %290, i64 %289, i64 %s_src
  %292 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %293 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %294 = getelementptr inbounds [16 x ptr], ptr %293, i64 0, i64 1
  %295 = load ptr, ptr %294, align 8
  %296 = getelementptr inbounds i32, ptr %295, i64 %s_src
  %297 = load i32, ptr %296, align 4
  %298 = sext i32 %297 to i64
  %299 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 3
  %300 = getelementptr inbounds [16 x ptr], ptr %299, i64 0, i64 1
  %301 = load ptr, ptr %300, align 8
  br label %loop5

loop5:                                            ; preds = %body6, %done3
  %i8 = phi i64 [ 0, %done3 ], [ %309, %body6 ]
  %reach9 = phi i64 [ 0, %done3 ], [ %308, %body6 ]
  %302 = icmp slt i64 %i8, %298
  br i1 %302, label %body6, label %done7

body6:                                            ; preds = %loop5
  %303 = getelementptr inbounds i32, ptr %301, i64 %i8
  %304 = load i32, ptr %303, align 4
  %305 = sext i32 %304 to i64
  %306 = add nsw i64 %305, 1
  %307 = icmp sgt i64 %306, %reach9
  %308 = select i1 %307, i64 %306, i64 %reach9
  %309 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %310 = icmp sgt i64 %s_dst, %reach9
  %max10 = select i1 %310, i64 %s_dst, i64 %reach9
  %311 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %312 = getelementptr inbounds [16 x ptr], ptr %311, i64 0, i64 0
  %313 = load ptr, ptr %312, align 8
  %314 = getelementptr inbounds i32, ptr %313, i64 %s_dst
  %315 = load i32, ptr %314, align 4
  %316 = sext i32 %315 to i64
  %317 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 3
  %318 = getelementptr inbounds [16 x ptr], ptr %317, i64 0, i64 0
  %319 = load ptr, ptr %318, align 8
  br label %loop9

loop9:                                            ; preds = %body10, %done7
  %i12 = phi i64 [ 0, %done7 ], [ %327, %body10 ]
  %reach11 = phi i64 [ 0, %done7 ], [ %326, %body10 ]
  %320 = icmp slt i64 %i12, %316
  br i1 %320, label %body10, label %done11

body10:                                           ; preds = %loop9
  %321 = getelementptr inbounds i32, ptr %319, i64 %i12
  %322 = load i32, ptr %321, align 4
  %323 = sext i32 %322 to i64
  %324 = add nsw i64 %323, 1
  %325 = icmp sgt i64 %324, %reach11
  %326 = select i1 %325, i64 %324, i64 %reach11
  %327 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %328 = icmp sgt i64 %s_src, %reach11
  %max12 = select i1 %328, i64 %s_src, i64 %reach11
  %329 = icmp eq i32 %0, 1
  br i1 %329, label %train, label %forward
}

define internal i64 @embed_workspace_floats(ptr %0) {
entry:
  %1 = getelementptr inbounds i64, ptr %0, i64 0
  %dim0 = load i64, ptr %1, align 8
  %2 = getelementptr inbounds i64, ptr %0, i64 1
  %dim1 = load i64, ptr %2, align 8
  %3 = getelementptr inbounds i64, ptr %0, i64 2
  %dim2 = load i64, ptr %3, align 8
  %4 = getelementptr inbounds i64, ptr %0, i64 3
  %dim3 = load i64, ptr %4, align 8
  %5 = getelementptr inbounds i64, ptr %0, i64 4
  %dim4 = load i64, ptr %5, align 8
  %6 = getelementptr inbounds i64, ptr %0, i64 5
  %dim5 = load i64, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %0, i64 6
  %dim6 = load i64, ptr %7, align 8
  %8 = mul nsw i64 %dim2, 4
  %9 = add nsw i64 %8, 15
  %10 = and i64 %9, -16
  %11 = add nsw i64 0, %10
  %12 = mul nsw i64 %dim3, 3
  %13 = add nsw i64 %12, 15
  %14 = and i64 %13, -16
  %15 = add nsw i64 %11, %14
  %16 = mul nsw i64 %dim3, 4
  %17 = add nsw i64 %16, 15
  %18 = and i64 %17, -16
  %19 = add nsw i64 %15, %18
  %20 = mul nsw i64 %dim3, 4
  %21 = add nsw i64 %20, 15
  %22 = and i64 %21, -16
  %23 = add nsw i64 %19, %22
  %24 = mul nsw i64 %dim3, 4
  %25 = add nsw i64 %24, 15
  %26 = and i64 %25, -16
  %27 = add nsw i64 %23, %26
  %28 = mul nsw i64 %dim2, 4
  %29 = add nsw i64 %28, 15
  %30 = and i64 %29, -16
  %31 = add nsw i64 %27, %30
  %32 = mul nsw i64 %dim2, 4
  %33 = add nsw i64 %32, 15
  %34 = and i64 %33, -16
  %35 = add nsw i64 %31, %34
  ret i64 %35
}

define internal void @embed(ptr %batch, ptr %params, ptr %ws, ptr %host, ptr %out) {
entry:
  %slice_args8 = alloca { ptr, ptr, i64 }, align 8
  %slice_args6 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args5 = alloca { ptr, ptr, i64 }, align 8
  %slice_args3 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args2 = alloca { ptr, ptr, i64 }, align 8
  %slice_args1 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args = alloca { ptr, ptr, ptr, i64 }, align 8
  %0 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 0
  %1 = load ptr, ptr %0, align 8
  %2 = getelementptr inbounds i64, ptr %1, i64 0
  %dim0 = load i64, ptr %2, align 8
  %3 = getelementptr inbounds i64, ptr %1, i64 1
  %dim1 = load i64, ptr %3, align 8
  %4 = getelementptr inbounds i64, ptr %1, i64 2
  %dim2 = load i64, ptr %4, align 8
  %5 = getelementptr inbounds i64, ptr %1, i64 3
  %dim3 = load i64, ptr %5, align 8
  %6 = getelementptr inbounds i64, ptr %1, i64 4
  %dim4 = load i64, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %1, i64 5
  %dim5 = load i64, ptr %7, align 8
  %8 = getelementptr inbounds i64, ptr %1, i64 6
  %dim6 = load i64, ptr %8, align 8
  %slot0 = getelementptr inbounds float, ptr %ws, i64 0
  %9 = mul nsw i64 %dim2, 4
  %10 = add nsw i64 %9, 15
  %11 = and i64 %10, -16
  %12 = add nsw i64 0, %11
  %slot1 = getelementptr inbounds float, ptr %ws, i64 %12
  %13 = mul nsw i64 %dim3, 3
  %14 = add nsw i64 %13, 15
  %15 = and i64 %14, -16
  %16 = add nsw i64 %12, %15
  %slot2 = getelementptr inbounds float, ptr %ws, i64 %16
  %17 = mul nsw i64 %dim3, 4
  %18 = add nsw i64 %17, 15
  %19 = and i64 %18, -16
  %20 = add nsw i64 %16, %19
  %slot3 = getelementptr inbounds float, ptr %ws, i64 %20
  %21 = mul nsw i64 %dim3, 4
  %22 = add nsw i64 %21, 15
  %23 = and i64 %22, -16
  %24 = add nsw i64 %20, %23
  %slot4 = getelementptr inbounds float, ptr %ws, i64 %24
  %25 = mul nsw i64 %dim3, 4
  %26 = add nsw i64 %25, 15
  %27 = and i64 %26, -16
  %28 = add nsw i64 %24, %27
  %slot5 = getelementptr inbounds float, ptr %ws, i64 %28
  %29 = mul nsw i64 %dim2, 4
  %30 = add nsw i64 %29, 15
  %31 = and i64 %30, -16
  %32 = add nsw i64 %28, %31
  %slot6 = getelementptr inbounds float, ptr %ws, i64 %32
  %33 = mul nsw i64 %dim2, 4
  %34 = add nsw i64 %33, 15
  %35 = and i64 %34, -16
  %36 = add nsw i64 %32, %35
  %37 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 2
  %parallel_for = load ptr, ptr %37, align 8
  %38 = icmp eq ptr %parallel_for, null
  %39 = select i1 %38, ptr @serial_for, ptr %parallel_for
  %40 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 3
  %pool = load ptr, ptr %40, align 8
  %41 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 0
  %sgemm = load ptr, ptr %41, align 8
  %42 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %43 = getelementptr inbounds [8 x ptr], ptr %42, i64 0, i64 0
  %44 = load ptr, ptr %43, align 8
  %45 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %45, align 8
  %46 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %46, align 8
  %47 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %47, align 8
  %48 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %44, ptr %48, align 8
  %49 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %dim2, ptr %49, align 8
  call void %39(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %dim2, i64 256)
  %50 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %51 = getelementptr inbounds [8 x ptr], ptr %50, i64 0, i64 1
  %52 = load ptr, ptr %51, align 8
  %53 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %54 = getelementptr inbounds [8 x ptr], ptr %53, i64 0, i64 1
  %55 = load ptr, ptr %54, align 8
  %56 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args1, i32 0, i32 0
  store ptr %slot1, ptr %56, align 8
  %57 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args1, i32 0, i32 1
  store ptr %52, ptr %57, align 8
  %58 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args1, i32 0, i32 2
  store ptr %55, ptr %58, align 8
  %59 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args1, i32 0, i32 3
  store i64 %dim3, ptr %59, align 8
  call void %39(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args1, i64 %dim3, i64 256)
  %60 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %60, align 8
  %61 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %61, align 8
  %62 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args2, i32 0, i32 0
  store ptr %slot2, ptr %62, align 8
  %63 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args2, i32 0, i32 1
  store ptr %v8, ptr %63, align 8
  %64 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args2, i32 0, i32 2
  store i64 %dim3, ptr %64, align 8
  call void %39(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args2, i64 %dim3, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim3, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 1.000000e+00)
  %65 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %65, align 8
  %66 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %66, align 8
  %67 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %67, align 8
  %68 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %69 = getelementptr inbounds [16 x ptr], ptr %68, i64 0, i64 0
  %70 = load ptr, ptr %69, align 8
  %71 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %72 = getelementptr inbounds [16 x ptr], ptr %71, i64 0, i64 0
  %73 = load ptr, ptr %72, align 8
  %74 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args3, i32 0, i32 0
  store ptr %slot3, ptr %74, align 8
  %75 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args3, i32 0, i32 1
  store ptr %slot0, ptr %75, align 8
  %76 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args3, i32 0, i32 2
  store ptr %70, ptr %76, align 8
  %77 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args3, i32 0, i32 3
  store ptr %73, ptr %77, align 8
  %78 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args3, i32 0, i32 4
  store i64 %dim3, ptr %78, align 8
  call void %39(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args3, i64 %dim3, i64 128)
  %79 = getelementptr inbounds ptr, ptr %out, i64 1
  %out4 = load ptr, ptr %79, align 8
  %80 = icmp eq ptr %out4, null
  %81 = select i1 %80, ptr %slot4, ptr %out4
  %82 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 0
  store ptr %81, ptr %82, align 8
  %83 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 1
  store ptr %v11, ptr %83, align 8
  %84 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 2
  store i64 %dim3, ptr %84, align 8
  call void %39(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args5, i64 %dim3, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim3, i64 4, i64 4, ptr %slot3, i64 4, ptr %v10, i64 4, ptr %81, float 1.000000e+00)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim3, i64 4, i64 4, ptr %slot2, i64 4, ptr %v12, i64 4, ptr %81, float 1.000000e+00)
  %85 = getelementptr inbounds ptr, ptr %params, i64 6
  %v18 = load ptr, ptr %85, align 8
  %86 = getelementptr inbounds ptr, ptr %params, i64 7
  %v19 = load ptr, ptr %86, align 8
  %87 = getelementptr inbounds ptr, ptr %params, i64 8
  %v20 = load ptr, ptr %87, align 8
  %88 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %89 = getelementptr inbounds [16 x ptr], ptr %88, i64 0, i64 1
  %90 = load ptr, ptr %89, align 8
  %91 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %92 = getelementptr inbounds [16 x ptr], ptr %91, i64 0, i64 1
  %93 = load ptr, ptr %92, align 8
  %94 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 0
  store ptr %slot5, ptr %94, align 8
  %95 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 1
  store ptr %slot2, ptr %95, align 8
  %96 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 2
  store ptr %90, ptr %96, align 8
  %97 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 3
  store ptr %93, ptr %97, align 8
  %98 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 4
  store i64 %dim2, ptr %98, align 8
  call void %39(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args6, i64 %dim2, i64 128)
  %99 = getelementptr inbounds ptr, ptr %out, i64 0
  %out7 = load ptr, ptr %99, align 8
  %100 = icmp eq ptr %out7, null
  %101 = select i1 %100, ptr %slot6, ptr %out7
  %102 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 0
  store ptr %101, ptr %102, align 8
  %103 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 1
  store ptr %v19, ptr %103, align 8
  %104 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 2
  store i64 %dim2, ptr %104, align 8
  call void %39(ptr %pool, ptr @k_bias_fill_4_slice2, ptr %slice_args8, i64 %dim2, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim2, i64 4, i64 4, ptr %slot5, i64 4, ptr %v18, i64 4, ptr %101, float 1.000000e+00)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim2, i64 4, i64 4, ptr %slot0, i64 4, ptr %v20, i64 4, ptr %101, float 1.000000e+00)
  ret void
}

define internal void @score(i64 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6) {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %27, %done3 ]
  %7 = icmp slt i64 %i, %0
  br i1 %7, label %body, label %done

body:                                             ; preds = %loop
  %8 = getelementptr inbounds i32, ptr %1, i64 %i
  %9 = load i32, ptr %8, align 4
  %10 = sext i32 %9 to i64
  %11 = mul nsw i64 %10, 4
  %12 = getelementptr inbounds i32, ptr %2, i64 %i
  %13 = load i32, ptr %12, align 4
  %14 = sext i32 %13 to i64
  %15 = mul nsw i64 %14, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %25, %body2 ]
  %acc = phi float [ 0.000000e+00, %body ], [ %24, %body2 ]
  %16 = icmp slt i64 %i4, 4
  br i1 %16, label %body2, label %done3

body2:                                            ; preds = %loop1
  %17 = add nsw i64 %15, %i4
  %18 = getelementptr inbounds float, ptr %4, i64 %17
  %19 = load float, ptr %18, align 4
  %20 = add nsw i64 %11, %i4
  %21 = getelementptr inbounds float, ptr %3, i64 %20
  %22 = load float, ptr %21, align 4
  %23 = fmul reassoc contract float %22, %19
  %24 = fadd reassoc contract float %acc, %23
  %25 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %26 = getelementptr inbounds float, ptr %6, i64 %i
  store float %acc, ptr %26, align 4
  %27 = add nsw i64 %i, 1
  br label %loop
}

define ptr @hgnn_model_entry() {
entry:
  ret ptr @model
}

attributes #0 = { noinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite, inaccessiblemem: readwrite) }
attributes #2 = { nounwind }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #4 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
