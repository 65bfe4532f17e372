; ModuleID = 'small'
source_filename = "small"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%HgnnNodeType = type { ptr, i32 }
%HgnnEdgeType = type { ptr, ptr, i32, i32, i32 }
%HgnnParam = type { ptr, i32, i32, i64, i64, float }
%HgnnModel = type { i32, i32, ptr, ptr, i32, i32, ptr, ptr, i32, i32, ptr, %HgnnDefaults, ptr, ptr }
%HgnnDefaults = type { i32, i32, i32, [8 x i32], float, float, float, float, float, float, float, float, float }
%HgnnBatch = type { ptr, [8 x ptr], [8 x ptr], [16 x ptr], [16 x ptr], [16 x ptr], ptr, ptr, ptr }
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
@params = internal constant [9 x %HgnnParam] [%HgnnParam { ptr @.str.6, i32 -1, i32 1, i64 4, i64 3, float 0x3FE279A740000000 }, %HgnnParam { ptr @.str.7, i32 -1, i32 1, i64 1, i64 4, float 0x3FE279A740000000 }, %HgnnParam { ptr @.str.8, i32 0, i32 2, i64 0, i64 4, float 1.000000e+00 }, %HgnnParam { ptr @.str.9, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01 }, %HgnnParam { ptr @.str.10, i32 -1, i32 1, i64 1, i64 4, float 5.000000e-01 }, %HgnnParam { ptr @.str.11, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01 }, %HgnnParam { ptr @.str.12, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01 }, %HgnnParam { ptr @.str.13, i32 -1, i32 1, i64 1, i64 4, float 5.000000e-01 }, %HgnnParam { ptr @.str.14, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01 }]
@model = internal constant %HgnnModel { i32 1313752904, i32 2, ptr @.str.15, ptr @.str.16, i32 2, i32 2, ptr @node_types, ptr @edge_types, i32 0, i32 9, ptr @params, %HgnnDefaults { i32 5, i32 128, i32 2, [8 x i32] [i32 20, i32 10, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0], float 0x3F50624DE0000000, float 2.000000e+00, float 0x3FB99999A0000000, float 0x3FB99999A0000000, float 0x3FD3333340000000, float 0x3FECCCCCC0000000, float 0x3FEFF7CEE0000000, float 0x3E45798EE0000000, float 0.000000e+00 }, ptr @workspace_floats, ptr @run }

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
  %24 = mul nsw i64 %dim2, 4
  %25 = add nsw i64 %24, 15
  %26 = and i64 %25, -16
  %27 = add nsw i64 %23, %26
  %28 = mul nsw i64 %dim6, 4
  %29 = add nsw i64 %28, 15
  %30 = and i64 %29, -16
  %31 = add nsw i64 %27, %30
  %32 = mul nsw i64 %dim6, 4
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
  %44 = mul nsw i64 %dim6, 4
  %45 = add nsw i64 %44, 15
  %46 = and i64 %45, -16
  %47 = add nsw i64 %43, %46
  %48 = mul nsw i64 %dim6, 4
  %49 = add nsw i64 %48, 15
  %50 = and i64 %49, -16
  %51 = add nsw i64 %47, %50
  %52 = add nsw i64 %51, 16
  %53 = mul nsw i64 %dim6, 1
  %54 = add nsw i64 %53, 15
  %55 = and i64 %54, -16
  %56 = add nsw i64 %52, %55
  %57 = mul nsw i64 %dim6, 4
  %58 = add nsw i64 %57, 15
  %59 = and i64 %58, -16
  %60 = add nsw i64 %56, %59
  %61 = mul nsw i64 %dim3, 4
  %62 = add nsw i64 %61, 15
  %63 = and i64 %62, -16
  %64 = add nsw i64 %60, %63
  %65 = mul nsw i64 %dim3, 4
  %66 = add nsw i64 %65, 15
  %67 = and i64 %66, -16
  %68 = add nsw i64 %64, %67
  %69 = mul nsw i64 %dim2, 4
  %70 = add nsw i64 %69, 15
  %71 = and i64 %70, -16
  %72 = add nsw i64 %68, %71
  ret i64 %72
}

define internal void @run_forward(ptr %batch, ptr %params, ptr %grads, ptr %ws, ptr %host, ptr %scores, ptr %loss) {
entry:
  %slice_args15 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args14 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args13 = alloca { ptr, ptr, i64 }, align 8
  %slice_args12 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args11 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args10 = alloca { ptr, ptr, i64 }, align 8
  %slice_args9 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args8 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args7 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args6 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args5 = alloca { ptr, ptr, ptr, i64 }, align 8
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
  %25 = mul nsw i64 %dim2, 4
  %26 = add nsw i64 %25, 15
  %27 = and i64 %26, -16
  %28 = add nsw i64 %24, %27
  %slot5 = getelementptr inbounds float, ptr %ws, i64 %28
  %29 = mul nsw i64 %dim6, 4
  %30 = add nsw i64 %29, 15
  %31 = and i64 %30, -16
  %32 = add nsw i64 %28, %31
  %slot6 = getelementptr inbounds float, ptr %ws, i64 %32
  %33 = mul nsw i64 %dim6, 4
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
  %45 = mul nsw i64 %dim6, 4
  %46 = add nsw i64 %45, 15
  %47 = and i64 %46, -16
  %48 = add nsw i64 %44, %47
  %slot10 = getelementptr inbounds float, ptr %ws, i64 %48
  %49 = mul nsw i64 %dim6, 4
  %50 = add nsw i64 %49, 15
  %51 = and i64 %50, -16
  %52 = add nsw i64 %48, %51
  %slot11 = getelementptr inbounds float, ptr %ws, i64 %52
  %53 = add nsw i64 %52, 16
  %slot12 = getelementptr inbounds float, ptr %ws, i64 %53
  %54 = mul nsw i64 %dim6, 1
  %55 = add nsw i64 %54, 15
  %56 = and i64 %55, -16
  %57 = add nsw i64 %53, %56
  %slot13 = getelementptr inbounds float, ptr %ws, i64 %57
  %58 = mul nsw i64 %dim6, 4
  %59 = add nsw i64 %58, 15
  %60 = and i64 %59, -16
  %61 = add nsw i64 %57, %60
  %slot14 = getelementptr inbounds float, ptr %ws, i64 %61
  %62 = mul nsw i64 %dim3, 4
  %63 = add nsw i64 %62, 15
  %64 = and i64 %63, -16
  %65 = add nsw i64 %61, %64
  %slot15 = getelementptr inbounds float, ptr %ws, i64 %65
  %66 = mul nsw i64 %dim3, 4
  %67 = add nsw i64 %66, 15
  %68 = and i64 %67, -16
  %69 = add nsw i64 %65, %68
  %slot16 = getelementptr inbounds float, ptr %ws, i64 %69
  %70 = mul nsw i64 %dim2, 4
  %71 = add nsw i64 %70, 15
  %72 = and i64 %71, -16
  %73 = add nsw i64 %69, %72
  %74 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 0
  %sgemm = load ptr, ptr %74, align 8
  %75 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 2
  %parallel_for = load ptr, ptr %75, align 8
  %76 = icmp eq ptr %parallel_for, null
  %77 = select i1 %76, ptr @serial_for, ptr %parallel_for
  %78 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 3
  %pool = load ptr, ptr %78, align 8
  %79 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %80 = load ptr, ptr %79, align 8
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %88, %body ]
  %s_src = phi i64 [ 0, %entry ], [ %87, %body ]
  %81 = icmp slt i64 %i, %dim6
  br i1 %81, label %body, label %done

body:                                             ; preds = %loop
  %82 = getelementptr inbounds i32, ptr %80, i64 %i
  %83 = load i32, ptr %82, align 4
  %84 = sext i32 %83 to i64
  %85 = add nsw i64 %84, 1
  %86 = icmp sgt i64 %85, %s_src
  %87 = select i1 %86, i64 %85, i64 %s_src
  %88 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %89 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %90 = load ptr, ptr %89, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %98, %body2 ]
  %s_dst = phi i64 [ 0, %done ], [ %97, %body2 ]
  %91 = icmp slt i64 %i4, %dim6
  br i1 %91, label %body2, label %done3

body2:                                            ; preds = %loop1
  %92 = getelementptr inbounds i32, ptr %90, i64 %i4
  %93 = load i32, ptr %92, align 4
  %94 = sext i32 %93 to i64
  %95 = add nsw i64 %94, 1
  %96 = icmp sgt i64 %95, %s_dst
  %97 = select i1 %96, i64 %95, i64 %s_dst
  %98 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %99 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %100 = getelementptr inbounds [8 x ptr], ptr %99, i64 0, i64 0
  %101 = load ptr, ptr %100, align 8
  %102 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %102, align 8
  %103 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %103, align 8
  %104 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %104, align 8
  %105 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %101, ptr %105, align 8
  %106 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %dim2, ptr %106, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %dim2, i64 256)
  %107 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %108 = getelementptr inbounds [8 x ptr], ptr %107, i64 0, i64 1
  %109 = load ptr, ptr %108, align 8
  %110 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %111 = getelementptr inbounds [8 x ptr], ptr %110, i64 0, i64 1
  %112 = load ptr, ptr %111, align 8
  %113 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 0
  store ptr %slot1, ptr %113, align 8
  %114 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 1
  store ptr %109, ptr %114, align 8
  %115 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 2
  store ptr %112, ptr %115, align 8
  %116 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 3
  store i64 %dim3, ptr %116, align 8
  call void %77(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args5, i64 %dim3, i64 256)
  %117 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %117, align 8
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim3, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 0.000000e+00)
  %118 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %118, align 8
  %119 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 0
  store ptr %slot3, ptr %119, align 8
  %120 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 1
  store ptr %slot2, ptr %120, align 8
  %121 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 2
  store ptr %v8, ptr %121, align 8
  %122 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 3
  store i64 %dim3, ptr %122, align 8
  call void %77(ptr %pool, ptr @k_bias_add_4_slice2, ptr %slice_args6, i64 %dim3, i64 256)
  %123 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %123, align 8
  %124 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %124, align 8
  %125 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %125, align 8
  %126 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %127 = getelementptr inbounds [16 x ptr], ptr %126, i64 0, i64 0
  %128 = load ptr, ptr %127, align 8
  %129 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %130 = getelementptr inbounds [16 x ptr], ptr %129, i64 0, i64 0
  %131 = load ptr, ptr %130, align 8
  %132 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 0
  store ptr %slot2, ptr %132, align 8
  %133 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 1
  store ptr %slot0, ptr %133, align 8
  %134 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 2
  store ptr %128, ptr %134, align 8
  %135 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 3
  store ptr %131, ptr %135, align 8
  %136 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 4
  store i64 %s_dst, ptr %136, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args7, i64 %s_dst, i64 128)
  %137 = getelementptr inbounds ptr, ptr %params, i64 6
  %v14 = load ptr, ptr %137, align 8
  %138 = getelementptr inbounds ptr, ptr %params, i64 7
  %v15 = load ptr, ptr %138, align 8
  %139 = getelementptr inbounds ptr, ptr %params, i64 8
  %v16 = load ptr, ptr %139, align 8
  %140 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %141 = getelementptr inbounds [16 x ptr], ptr %140, i64 0, i64 1
  %142 = load ptr, ptr %141, align 8
  %143 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %144 = getelementptr inbounds [16 x ptr], ptr %143, i64 0, i64 1
  %145 = load ptr, ptr %144, align 8
  %146 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 0
  store ptr %slot4, ptr %146, align 8
  %147 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 1
  store ptr %slot3, ptr %147, align 8
  %148 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 2
  store ptr %142, ptr %148, align 8
  %149 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 3
  store ptr %145, ptr %149, align 8
  %150 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 4
  store i64 %s_src, ptr %150, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args8, i64 %s_src, i64 128)
  %151 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %152 = load ptr, ptr %151, align 8
  %153 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %154 = load ptr, ptr %153, align 8
  %155 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 0
  store ptr %slot5, ptr %155, align 8
  %156 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 1
  store ptr %slot4, ptr %156, align 8
  %157 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 2
  store ptr %152, ptr %157, align 8
  %158 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 3
  store i64 %dim6, ptr %158, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args9, i64 %dim6, i64 256)
  %159 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args10, i32 0, i32 0
  store ptr %slot6, ptr %159, align 8
  %160 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args10, i32 0, i32 1
  store ptr %v15, ptr %160, align 8
  %161 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args10, i32 0, i32 2
  store i64 %dim6, ptr %161, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice5, ptr %slice_args10, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot5, i64 4, ptr %v14, i64 4, ptr %slot6, float 1.000000e+00)
  %162 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 0
  store ptr %slot7, ptr %162, align 8
  %163 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 1
  store ptr %slot0, ptr %163, align 8
  %164 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 2
  store ptr %152, ptr %164, align 8
  %165 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 3
  store i64 %dim6, ptr %165, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args11, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot7, i64 4, ptr %v16, i64 4, ptr %slot6, float 1.000000e+00)
  %166 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 0
  store ptr %slot8, ptr %166, align 8
  %167 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 1
  store ptr %slot2, ptr %167, align 8
  %168 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 2
  store ptr %154, ptr %168, align 8
  %169 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 3
  store i64 %dim6, ptr %169, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args12, i64 %dim6, i64 256)
  %170 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 0
  store ptr %slot9, ptr %170, align 8
  %171 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 1
  store ptr %v11, ptr %171, align 8
  %172 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 2
  store i64 %dim6, ptr %172, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice5, ptr %slice_args13, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot8, i64 4, ptr %v10, i64 4, ptr %slot9, float 1.000000e+00)
  %173 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 0
  store ptr %slot10, ptr %173, align 8
  %174 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 1
  store ptr %slot3, ptr %174, align 8
  %175 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 2
  store ptr %154, ptr %175, align 8
  %176 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 3
  store i64 %dim6, ptr %176, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args14, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot10, i64 4, ptr %v12, i64 4, ptr %slot9, float 1.000000e+00)
  %177 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 0
  store ptr %scores, ptr %177, align 8
  %178 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 1
  store ptr %slot6, ptr %178, align 8
  %179 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 2
  store ptr %slot9, ptr %179, align 8
  %180 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 3
  store i64 %dim6, ptr %180, align 8
  call void %77(ptr %pool, ptr @k_rowdot_4_slice6, ptr %slice_args15, i64 %dim6, i64 256)
  %181 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 8
  %182 = load ptr, ptr %181, align 8
  call void @k_bce_logits(ptr %loss, ptr %scores, ptr %182, i64 %dim6)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_gather_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %17, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = getelementptr inbounds i32, ptr %2, i64 %i
  %6 = load i32, ptr %5, align 4
  %7 = sext i32 %6 to i64
  %8 = mul nsw i64 %i, 4
  %9 = mul nsw i64 %7, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %16, %body2 ]
  %10 = icmp slt i64 %i4, 4
  br i1 %10, label %body2, label %done3

body2:                                            ; preds = %loop1
  %11 = add nsw i64 %9, %i4
  %12 = getelementptr inbounds float, ptr %1, i64 %11
  %13 = load float, ptr %12, align 4
  %14 = add nsw i64 %8, %i4
  %15 = getelementptr inbounds float, ptr %0, i64 %14
  store float %13, ptr %15, align 4
  %16 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %17 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_gather_4_slice0(ptr %0, i64 %1, i64 %2) #1 {
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
  %i = phi i64 [ 0, %entry ], [ %17, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = getelementptr inbounds i32, ptr %2, i64 %i
  %6 = load i32, ptr %5, align 4
  %7 = sext i32 %6 to i64
  %8 = mul nsw i64 %i, 3
  %9 = mul nsw i64 %7, 3
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %16, %body2 ]
  %10 = icmp slt i64 %i4, 3
  br i1 %10, label %body2, label %done3

body2:                                            ; preds = %loop1
  %11 = add nsw i64 %9, %i4
  %12 = getelementptr inbounds float, ptr %1, i64 %11
  %13 = load float, ptr %12, align 4
  %14 = add nsw i64 %8, %i4
  %15 = getelementptr inbounds float, ptr %0, i64 %14
  store float %13, ptr %15, align 4
  %16 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %17 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_gather_3_slice1(ptr %0, i64 %1, i64 %2) #1 {
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
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #2

; Function Attrs: noinline nounwind
define internal void @k_bias_add_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %15, %done3 ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %14, %body2 ]
  %6 = icmp slt i64 %i4, 4
  br i1 %6, label %body2, label %done3

body2:                                            ; preds = %loop1
  %7 = add nsw i64 %5, %i4
  %8 = getelementptr inbounds float, ptr %1, i64 %7
  %9 = load float, ptr %8, align 4
  %10 = getelementptr inbounds float, ptr %2, i64 %i4
  %11 = load float, ptr %10, align 4
  %12 = fadd float %9, %11
  %13 = getelementptr inbounds float, ptr %0, i64 %7
  store float %12, ptr %13, align 4
  %14 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %15 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_bias_add_4_slice2(ptr %0, i64 %1, i64 %2) #1 {
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
  %13 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %14 = load i64, ptr %13, align 8
  %15 = sub nsw i64 %2, %1
  call void @k_bias_add_4(ptr %6, ptr %10, ptr %12, i64 %15)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_agg_mean_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, i64 %4) #0 {
entry:
  br label %loop

loop:                                             ; preds = %done15, %entry
  %i = phi i64 [ 0, %entry ], [ %42, %done15 ]
  %5 = icmp slt i64 %i, %4
  br i1 %5, label %body, label %done

body:                                             ; preds = %loop
  %6 = getelementptr inbounds i32, ptr %2, i64 %i
  %7 = load i32, ptr %6, align 4
  %8 = sext i32 %7 to i64
  %9 = add nsw i64 %i, 1
  %10 = getelementptr inbounds i32, ptr %2, i64 %9
  %11 = load i32, ptr %10, align 4
  %12 = sext i32 %11 to i64
  %deg = sub nsw i64 %12, %8
  %13 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ 0, %body ], [ %17, %body2 ]
  %14 = icmp slt i64 %i4, 4
  br i1 %14, label %body2, label %done3

body2:                                            ; preds = %loop1
  %15 = add nsw i64 %13, %i4
  %16 = getelementptr inbounds float, ptr %0, i64 %15
  store float 0.000000e+00, ptr %16, align 4
  %17 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  br label %loop5

loop5:                                            ; preds = %done11, %done3
  %i8 = phi i64 [ %8, %done3 ], [ %35, %done11 ]
  %18 = icmp slt i64 %i8, %12
  br i1 %18, label %body6, label %done7

body6:                                            ; preds = %loop5
  %19 = getelementptr inbounds i32, ptr %3, i64 %i8
  %20 = load i32, ptr %19, align 4
  %21 = sext i32 %20 to i64
  %22 = mul nsw i64 %21, 4
  br label %loop9

done7:                                            ; preds = %loop5
  %23 = icmp sgt i64 %deg, 0
  %24 = select i1 %23, i64 %deg, i64 1
  %25 = sitofp i64 %24 to float
  br label %loop13

loop9:                                            ; preds = %body10, %body6
  %i12 = phi i64 [ 0, %body6 ], [ %34, %body10 ]
  %26 = icmp slt i64 %i12, 4
  br i1 %26, label %body10, label %done11

body10:                                           ; preds = %loop9
  %27 = add nsw i64 %13, %i12
  %28 = getelementptr inbounds float, ptr %0, i64 %27
  %29 = load float, ptr %28, align 4
  %30 = add nsw i64 %22, %i12
  %31 = getelementptr inbounds float, ptr %1, i64 %30
  %32 = load float, ptr %31, align 4
  %33 = fadd float %29, %32
  store float %33, ptr %28, align 4
  %34 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %35 = add nsw i64 %i8, 1
  br label %loop5

loop13:                                           ; preds = %body14, %done7
  %i16 = phi i64 [ 0, %done7 ], [ %41, %body14 ]
  %36 = icmp slt i64 %i16, 4
  br i1 %36, label %body14, label %done15

body14:                                           ; preds = %loop13
  %37 = add nsw i64 %13, %i16
  %38 = getelementptr inbounds float, ptr %0, i64 %37
  %39 = load float, ptr %38, align 4
  %40 = fdiv float %39, %25
  store float %40, ptr %38, align 4
  %41 = add nsw i64 %i16, 1
  br label %loop13

done15:                                           ; preds = %loop13
  %42 = add nsw i64 %i, 1
  br label %loop
}

; Function Attrs: nounwind
define internal void @k_agg_mean_4_slice3(ptr %0, i64 %1, i64 %2) #1 {
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

; Function Attrs: nounwind
define internal void @k_gather_4_slice4(ptr %0, i64 %1, i64 %2) #1 {
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
define internal void @k_bias_fill_4_slice5(ptr %0, i64 %1, i64 %2) #1 {
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
define internal void @k_rowdot_4_slice6(ptr %0, i64 %1, i64 %2) #1 {
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
declare double @llvm.fabs.f64(double) #3

declare double @exp(double)

declare double @log1p(double)

define internal void @run_train(ptr %batch, ptr %params, ptr %grads, ptr %ws, ptr %host, ptr %scores, ptr %loss) {
entry:
  %slice_args34 = alloca { ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args30 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args29 = alloca { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args28 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args27 = alloca { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args26 = alloca { ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args23 = alloca { ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args21 = alloca { ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args18 = alloca { ptr, ptr, ptr, i64, i64, i64, i64 }, align 8
  %slice_args17 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args16 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args15 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args14 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args13 = alloca { ptr, ptr, i64 }, align 8
  %slice_args12 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args11 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args10 = alloca { ptr, ptr, i64 }, align 8
  %slice_args9 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args8 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args7 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args6 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args5 = alloca { ptr, ptr, ptr, i64 }, align 8
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
  %25 = mul nsw i64 %dim2, 4
  %26 = add nsw i64 %25, 15
  %27 = and i64 %26, -16
  %28 = add nsw i64 %24, %27
  %slot5 = getelementptr inbounds float, ptr %ws, i64 %28
  %29 = mul nsw i64 %dim6, 4
  %30 = add nsw i64 %29, 15
  %31 = and i64 %30, -16
  %32 = add nsw i64 %28, %31
  %slot6 = getelementptr inbounds float, ptr %ws, i64 %32
  %33 = mul nsw i64 %dim6, 4
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
  %45 = mul nsw i64 %dim6, 4
  %46 = add nsw i64 %45, 15
  %47 = and i64 %46, -16
  %48 = add nsw i64 %44, %47
  %slot10 = getelementptr inbounds float, ptr %ws, i64 %48
  %49 = mul nsw i64 %dim6, 4
  %50 = add nsw i64 %49, 15
  %51 = and i64 %50, -16
  %52 = add nsw i64 %48, %51
  %slot11 = getelementptr inbounds float, ptr %ws, i64 %52
  %53 = add nsw i64 %52, 16
  %slot12 = getelementptr inbounds float, ptr %ws, i64 %53
  %54 = mul nsw i64 %dim6, 1
  %55 = add nsw i64 %54, 15
  %56 = and i64 %55, -16
  %57 = add nsw i64 %53, %56
  %slot13 = getelementptr inbounds float, ptr %ws, i64 %57
  %58 = mul nsw i64 %dim6, 4
  %59 = add nsw i64 %58, 15
  %60 = and i64 %59, -16
  %61 = add nsw i64 %57, %60
  %slot14 = getelementptr inbounds float, ptr %ws, i64 %61
  %62 = mul nsw i64 %dim3, 4
  %63 = add nsw i64 %62, 15
  %64 = and i64 %63, -16
  %65 = add nsw i64 %61, %64
  %slot15 = getelementptr inbounds float, ptr %ws, i64 %65
  %66 = mul nsw i64 %dim3, 4
  %67 = add nsw i64 %66, 15
  %68 = and i64 %67, -16
  %69 = add nsw i64 %65, %68
  %slot16 = getelementptr inbounds float, ptr %ws, i64 %69
  %70 = mul nsw i64 %dim2, 4
  %71 = add nsw i64 %70, 15
  %72 = and i64 %71, -16
  %73 = add nsw i64 %69, %72
  %74 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 0
  %sgemm = load ptr, ptr %74, align 8
  %75 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 2
  %parallel_for = load ptr, ptr %75, align 8
  %76 = icmp eq ptr %parallel_for, null
  %77 = select i1 %76, ptr @serial_for, ptr %parallel_for
  %78 = getelementptr inbounds %HgnnHost, ptr %host, i32 0, i32 3
  %pool = load ptr, ptr %78, align 8
  %79 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %80 = load ptr, ptr %79, align 8
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %88, %body ]
  %s_src = phi i64 [ 0, %entry ], [ %87, %body ]
  %81 = icmp slt i64 %i, %dim6
  br i1 %81, label %body, label %done

body:                                             ; preds = %loop
  %82 = getelementptr inbounds i32, ptr %80, i64 %i
  %83 = load i32, ptr %82, align 4
  %84 = sext i32 %83 to i64
  %85 = add nsw i64 %84, 1
  %86 = icmp sgt i64 %85, %s_src
  %87 = select i1 %86, i64 %85, i64 %s_src
  %88 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %89 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %90 = load ptr, ptr %89, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %98, %body2 ]
  %s_dst = phi i64 [ 0, %done ], [ %97, %body2 ]
  %91 = icmp slt i64 %i4, %dim6
  br i1 %91, label %body2, label %done3

body2:                                            ; preds = %loop1
  %92 = getelementptr inbounds i32, ptr %90, i64 %i4
  %93 = load i32, ptr %92, align 4
  %94 = sext i32 %93 to i64
  %95 = add nsw i64 %94, 1
  %96 = icmp sgt i64 %95, %s_dst
  %97 = select i1 %96, i64 %95, i64 %s_dst
  %98 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %99 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %100 = getelementptr inbounds [8 x ptr], ptr %99, i64 0, i64 0
  %101 = load ptr, ptr %100, align 8
  %102 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %102, align 8
  %103 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %103, align 8
  %104 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %104, align 8
  %105 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %101, ptr %105, align 8
  %106 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %dim2, ptr %106, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %dim2, i64 256)
  %107 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %108 = getelementptr inbounds [8 x ptr], ptr %107, i64 0, i64 1
  %109 = load ptr, ptr %108, align 8
  %110 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %111 = getelementptr inbounds [8 x ptr], ptr %110, i64 0, i64 1
  %112 = load ptr, ptr %111, align 8
  %113 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 0
  store ptr %slot1, ptr %113, align 8
  %114 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 1
  store ptr %109, ptr %114, align 8
  %115 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 2
  store ptr %112, ptr %115, align 8
  %116 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args5, i32 0, i32 3
  store i64 %dim3, ptr %116, align 8
  call void %77(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args5, i64 %dim3, i64 256)
  %117 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %117, align 8
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim3, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 0.000000e+00)
  %118 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %118, align 8
  %119 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 0
  store ptr %slot3, ptr %119, align 8
  %120 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 1
  store ptr %slot2, ptr %120, align 8
  %121 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 2
  store ptr %v8, ptr %121, align 8
  %122 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args6, i32 0, i32 3
  store i64 %dim3, ptr %122, align 8
  call void %77(ptr %pool, ptr @k_bias_add_4_slice2, ptr %slice_args6, i64 %dim3, i64 256)
  %123 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %123, align 8
  %124 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %124, align 8
  %125 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %125, align 8
  %126 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %127 = getelementptr inbounds [16 x ptr], ptr %126, i64 0, i64 0
  %128 = load ptr, ptr %127, align 8
  %129 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %130 = getelementptr inbounds [16 x ptr], ptr %129, i64 0, i64 0
  %131 = load ptr, ptr %130, align 8
  %132 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 0
  store ptr %slot2, ptr %132, align 8
  %133 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 1
  store ptr %slot0, ptr %133, align 8
  %134 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 2
  store ptr %128, ptr %134, align 8
  %135 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 3
  store ptr %131, ptr %135, align 8
  %136 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args7, i32 0, i32 4
  store i64 %s_dst, ptr %136, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args7, i64 %s_dst, i64 128)
  %137 = getelementptr inbounds ptr, ptr %params, i64 6
  %v14 = load ptr, ptr %137, align 8
  %138 = getelementptr inbounds ptr, ptr %params, i64 7
  %v15 = load ptr, ptr %138, align 8
  %139 = getelementptr inbounds ptr, ptr %params, i64 8
  %v16 = load ptr, ptr %139, align 8
  %140 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %141 = getelementptr inbounds [16 x ptr], ptr %140, i64 0, i64 1
  %142 = load ptr, ptr %141, align 8
  %143 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %144 = getelementptr inbounds [16 x ptr], ptr %143, i64 0, i64 1
  %145 = load ptr, ptr %144, align 8
  %146 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 0
  store ptr %slot4, ptr %146, align 8
  %147 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 1
  store ptr %slot3, ptr %147, align 8
  %148 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 2
  store ptr %142, ptr %148, align 8
  %149 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 3
  store ptr %145, ptr %149, align 8
  %150 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args8, i32 0, i32 4
  store i64 %s_src, ptr %150, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args8, i64 %s_src, i64 128)
  %151 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %152 = load ptr, ptr %151, align 8
  %153 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %154 = load ptr, ptr %153, align 8
  %155 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 0
  store ptr %slot5, ptr %155, align 8
  %156 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 1
  store ptr %slot4, ptr %156, align 8
  %157 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 2
  store ptr %152, ptr %157, align 8
  %158 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args9, i32 0, i32 3
  store i64 %dim6, ptr %158, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args9, i64 %dim6, i64 256)
  %159 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args10, i32 0, i32 0
  store ptr %slot6, ptr %159, align 8
  %160 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args10, i32 0, i32 1
  store ptr %v15, ptr %160, align 8
  %161 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args10, i32 0, i32 2
  store i64 %dim6, ptr %161, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice5, ptr %slice_args10, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot5, i64 4, ptr %v14, i64 4, ptr %slot6, float 1.000000e+00)
  %162 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 0
  store ptr %slot7, ptr %162, align 8
  %163 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 1
  store ptr %slot0, ptr %163, align 8
  %164 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 2
  store ptr %152, ptr %164, align 8
  %165 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args11, i32 0, i32 3
  store i64 %dim6, ptr %165, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args11, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot7, i64 4, ptr %v16, i64 4, ptr %slot6, float 1.000000e+00)
  %166 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 0
  store ptr %slot8, ptr %166, align 8
  %167 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 1
  store ptr %slot2, ptr %167, align 8
  %168 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 2
  store ptr %154, ptr %168, align 8
  %169 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args12, i32 0, i32 3
  store i64 %dim6, ptr %169, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args12, i64 %dim6, i64 256)
  %170 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 0
  store ptr %slot9, ptr %170, align 8
  %171 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 1
  store ptr %v11, ptr %171, align 8
  %172 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 2
  store i64 %dim6, ptr %172, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice5, ptr %slice_args13, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot8, i64 4, ptr %v10, i64 4, ptr %slot9, float 1.000000e+00)
  %173 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 0
  store ptr %slot10, ptr %173, align 8
  %174 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 1
  store ptr %slot3, ptr %174, align 8
  %175 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 2
  store ptr %154, ptr %175, align 8
  %176 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 3
  store i64 %dim6, ptr %176, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice4, ptr %slice_args14, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot10, i64 4, ptr %v12, i64 4, ptr %slot9, float 1.000000e+00)
  %177 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 0
  store ptr %scores, ptr %177, align 8
  %178 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 1
  store ptr %slot6, ptr %178, align 8
  %179 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 2
  store ptr %slot9, ptr %179, align 8
  %180 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 3
  store i64 %dim6, ptr %180, align 8
  call void %77(ptr %pool, ptr @k_rowdot_4_slice6, ptr %slice_args15, i64 %dim6, i64 256)
  %181 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 8
  %182 = load ptr, ptr %181, align 8
  call void @k_bce_logits(ptr %loss, ptr %scores, ptr %182, i64 %dim6)
  %183 = getelementptr inbounds float, ptr %slot11, i64 0
  store float 1.000000e+00, ptr %183, align 4
  call void @k_bce_grad(ptr %slot12, ptr %scores, ptr %182, ptr %slot11, i64 %dim6)
  %184 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 0
  store ptr %slot13, ptr %184, align 8
  %185 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 1
  store ptr %slot9, ptr %185, align 8
  %186 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 2
  store ptr %slot12, ptr %186, align 8
  %187 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 3
  store i64 %dim6, ptr %187, align 8
  call void %77(ptr %pool, ptr @k_mul_col_4_slice7, ptr %slice_args16, i64 %dim6, i64 256)
  %188 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 0
  store ptr %slot9, ptr %188, align 8
  %189 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 1
  store ptr %slot6, ptr %189, align 8
  %190 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 2
  store ptr %slot12, ptr %190, align 8
  %191 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 3
  store i64 %dim6, ptr %191, align 8
  call void %77(ptr %pool, ptr @k_mul_col_4_slice7, ptr %slice_args17, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot9, i64 4, ptr %v12, i64 4, ptr %slot6, float 0.000000e+00)
  %192 = getelementptr inbounds ptr, ptr %grads, i64 5
  %grad = load ptr, ptr %192, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot9, i64 4, ptr %slot10, i64 4, ptr %grad, float 0.000000e+00)
  %193 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 0
  store ptr %slot2, ptr %193, align 8
  %194 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 1
  store ptr %slot6, ptr %194, align 8
  %195 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 2
  store ptr %154, ptr %195, align 8
  %196 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 3
  store i64 %dim6, ptr %196, align 8
  %197 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 4
  store i64 %s_dst, ptr %197, align 8
  %198 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 5
  store i64 0, ptr %198, align 8
  %199 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args18, i32 0, i32 6
  store i64 0, ptr %199, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice8, ptr %slice_args18, i64 %s_dst, i64 512)
  %200 = sub nsw i64 %dim3, %s_dst
  %201 = mul nsw i64 %200, 4
  %202 = mul nsw i64 %s_dst, 4
  %203 = getelementptr inbounds float, ptr %slot2, i64 %202
  %204 = mul nsw i64 %201, 4
  call void @llvm.memset.p0.i64(ptr align 4 %203, i8 0, i64 %204, i1 false)
  %205 = getelementptr inbounds ptr, ptr %grads, i64 4
  %grad19 = load ptr, ptr %205, align 8
  call void @k_sum_rows_4(ptr %grad19, ptr %slot9, i64 %dim6)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot9, i64 4, ptr %v10, i64 4, ptr %slot6, float 0.000000e+00)
  %206 = getelementptr inbounds ptr, ptr %grads, i64 3
  %grad20 = load ptr, ptr %206, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot9, i64 4, ptr %slot8, i64 4, ptr %grad20, float 0.000000e+00)
  %207 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 0
  store ptr %slot3, ptr %207, align 8
  %208 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 1
  store ptr %slot6, ptr %208, align 8
  %209 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 2
  store ptr %154, ptr %209, align 8
  %210 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 3
  store i64 %dim6, ptr %210, align 8
  %211 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 4
  store i64 %s_dst, ptr %211, align 8
  %212 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 5
  store i64 0, ptr %212, align 8
  %213 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args21, i32 0, i32 6
  store i64 0, ptr %213, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice8, ptr %slice_args21, i64 %s_dst, i64 512)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot13, i64 4, ptr %v16, i64 4, ptr %slot6, float 0.000000e+00)
  %214 = getelementptr inbounds ptr, ptr %grads, i64 8
  %grad22 = load ptr, ptr %214, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot13, i64 4, ptr %slot7, i64 4, ptr %grad22, float 0.000000e+00)
  %215 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 0
  store ptr %slot0, ptr %215, align 8
  %216 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 1
  store ptr %slot6, ptr %216, align 8
  %217 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 2
  store ptr %152, ptr %217, align 8
  %218 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 3
  store i64 %dim6, ptr %218, align 8
  %219 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 4
  store i64 %s_src, ptr %219, align 8
  %220 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 5
  store i64 0, ptr %220, align 8
  %221 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args23, i32 0, i32 6
  store i64 0, ptr %221, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice8, ptr %slice_args23, i64 %s_src, i64 512)
  %222 = sub nsw i64 %dim2, %s_src
  %223 = mul nsw i64 %222, 4
  %224 = mul nsw i64 %s_src, 4
  %225 = getelementptr inbounds float, ptr %slot0, i64 %224
  %226 = mul nsw i64 %223, 4
  call void @llvm.memset.p0.i64(ptr align 4 %225, i8 0, i64 %226, i1 false)
  %227 = getelementptr inbounds ptr, ptr %grads, i64 7
  %grad24 = load ptr, ptr %227, align 8
  call void @k_sum_rows_4(ptr %grad24, ptr %slot13, i64 %dim6)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot13, i64 4, ptr %v14, i64 4, ptr %slot6, float 0.000000e+00)
  %228 = getelementptr inbounds ptr, ptr %grads, i64 6
  %grad25 = load ptr, ptr %228, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot13, i64 4, ptr %slot5, i64 4, ptr %grad25, float 0.000000e+00)
  %229 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 0
  store ptr %slot4, ptr %229, align 8
  %230 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 1
  store ptr %slot6, ptr %230, align 8
  %231 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 2
  store ptr %152, ptr %231, align 8
  %232 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 3
  store i64 %dim6, ptr %232, align 8
  %233 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 4
  store i64 %s_src, ptr %233, align 8
  %234 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 5
  store i64 0, ptr %234, align 8
  %235 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 6
  store i64 0, ptr %235, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice8, ptr %slice_args26, i64 %s_src, i64 512)
  %236 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %237 = getelementptr inbounds [16 x ptr], ptr %236, i64 0, i64 1
  %238 = load ptr, ptr %237, align 8
  %239 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %240 = getelementptr inbounds [16 x ptr], ptr %239, i64 0, i64 1
  %241 = load ptr, ptr %240, align 8
  %242 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 0
  store ptr %slot14, ptr %242, align 8
  %243 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 1
  store ptr %slot4, ptr %243, align 8
  %244 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 2
  store ptr %238, ptr %244, align 8
  %245 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 3
  store ptr %241, ptr %245, align 8
  %246 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 4
  store i64 %s_src, ptr %246, align 8
  %247 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 5
  store i64 %dim3, ptr %247, align 8
  %248 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 6
  store i64 0, ptr %248, align 8
  %249 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args27, i32 0, i32 7
  store i64 0, ptr %249, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_t_4_slice9, ptr %slice_args27, i64 %dim3, i64 128)
  %250 = mul nsw i64 %dim3, 4
  %251 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args28, i32 0, i32 0
  store ptr %slot15, ptr %251, align 8
  %252 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args28, i32 0, i32 1
  store ptr %slot2, ptr %252, align 8
  %253 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args28, i32 0, i32 2
  store ptr %slot14, ptr %253, align 8
  %254 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args28, i32 0, i32 3
  store i64 %250, ptr %254, align 8
  call void %77(ptr %pool, ptr @k_add_slice10, ptr %slice_args28, i64 %250, i64 16384)
  %255 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %256 = getelementptr inbounds [16 x ptr], ptr %255, i64 0, i64 0
  %257 = load ptr, ptr %256, align 8
  %258 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %259 = getelementptr inbounds [16 x ptr], ptr %258, i64 0, i64 0
  %260 = load ptr, ptr %259, align 8
  %261 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 0
  store ptr %slot4, ptr %261, align 8
  %262 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 1
  store ptr %slot3, ptr %262, align 8
  %263 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 2
  store ptr %257, ptr %263, align 8
  %264 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 3
  store ptr %260, ptr %264, align 8
  %265 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 4
  store i64 %s_dst, ptr %265, align 8
  %266 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 5
  store i64 %dim2, ptr %266, align 8
  %267 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 6
  store i64 0, ptr %267, align 8
  %268 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 7
  store i64 0, ptr %268, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_t_4_slice9, ptr %slice_args29, i64 %dim2, i64 128)
  %269 = mul nsw i64 %dim2, 4
  %270 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args30, i32 0, i32 0
  store ptr %slot16, ptr %270, align 8
  %271 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args30, i32 0, i32 1
  store ptr %slot0, ptr %271, align 8
  %272 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args30, i32 0, i32 2
  store ptr %slot4, ptr %272, align 8
  %273 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args30, i32 0, i32 3
  store i64 %269, ptr %273, align 8
  call void %77(ptr %pool, ptr @k_add_slice10, ptr %slice_args30, i64 %269, i64 16384)
  %274 = getelementptr inbounds ptr, ptr %grads, i64 1
  %grad31 = load ptr, ptr %274, align 8
  call void @k_sum_rows_4(ptr %grad31, ptr %slot15, i64 %dim3)
  %275 = getelementptr inbounds ptr, ptr %grads, i64 0
  %grad32 = load ptr, ptr %275, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 3, i64 %dim3, ptr %slot15, i64 4, ptr %slot1, i64 3, ptr %grad32, float 0.000000e+00)
  %276 = getelementptr inbounds ptr, ptr %grads, i64 2
  %grad33 = load ptr, ptr %276, align 8
  %277 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 0
  store ptr %grad33, ptr %277, align 8
  %278 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 1
  store ptr %slot16, ptr %278, align 8
  %279 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 2
  store ptr %101, ptr %279, align 8
  %280 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 3
  store i64 %dim2, ptr %280, align 8
  %281 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 4
  store i64 %dim0, ptr %281, align 8
  %282 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 5
  store i64 0, ptr %282, align 8
  %283 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 6
  store i64 0, ptr %283, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice8, ptr %slice_args34, i64 %dim0, i64 512)
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
define internal void @k_mul_col_4_slice7(ptr %0, i64 %1, i64 %2) #1 {
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
define internal void @k_scatter_add_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3, i64 %4, i64 %5, i64 %6) #0 {
entry:
  %7 = sub nsw i64 %6, %5
  %8 = mul nsw i64 %7, 4
  %9 = mul nsw i64 %5, 4
  %10 = getelementptr inbounds float, ptr %0, i64 %9
  %11 = mul nsw i64 %8, 4
  call void @llvm.memset.p0.i64(ptr align 4 %10, i8 0, i64 %11, i1 false)
  br label %loop

loop:                                             ; preds = %next, %entry
  %i = phi i64 [ 0, %entry ], [ %21, %next ]
  %12 = icmp slt i64 %i, %3
  br i1 %12, label %body, label %done

body:                                             ; preds = %loop
  %13 = getelementptr inbounds i32, ptr %2, i64 %i
  %14 = load i32, ptr %13, align 4
  %15 = sext i32 %14 to i64
  %16 = sub i64 %6, %5
  %17 = sub i64 %15, %5
  %18 = icmp ult i64 %17, %16
  br i1 %18, label %mine, label %next

done:                                             ; preds = %loop
  ret void

mine:                                             ; preds = %body
  %19 = mul nsw i64 %i, 4
  %20 = mul nsw i64 %15, 4
  br label %loop1

next:                                             ; preds = %done3, %body
  %21 = add nsw i64 %i, 1
  br label %loop

loop1:                                            ; preds = %body2, %mine
  %i4 = phi i64 [ 0, %mine ], [ %30, %body2 ]
  %22 = icmp slt i64 %i4, 4
  br i1 %22, label %body2, label %done3

body2:                                            ; preds = %loop1
  %23 = add nsw i64 %19, %i4
  %24 = getelementptr inbounds float, ptr %1, i64 %23
  %25 = load float, ptr %24, align 4
  %26 = add nsw i64 %20, %i4
  %27 = getelementptr inbounds float, ptr %0, i64 %26
  %28 = load float, ptr %27, align 4
  %29 = fadd float %28, %25
  store float %29, ptr %27, align 4
  %30 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  br label %next
}

; Function Attrs: nounwind
define internal void @k_scatter_add_4_slice8(ptr %0, i64 %1, i64 %2) #1 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 1
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 2
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 3
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 4
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 5
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 6
  %16 = load i64, ptr %15, align 8
  call void @k_scatter_add_4(ptr %4, ptr %6, ptr %8, i64 %10, i64 %12, i64 %1, i64 %2)
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
define internal void @k_agg_mean_t_4(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, i64 %4, i64 %5, i64 %6, i64 %7) #0 {
entry:
  %8 = sub nsw i64 %7, %6
  %9 = mul nsw i64 %8, 4
  %10 = mul nsw i64 %6, 4
  %11 = getelementptr inbounds float, ptr %0, i64 %10
  %12 = mul nsw i64 %9, 4
  call void @llvm.memset.p0.i64(ptr align 4 %11, i8 0, i64 %12, i1 false)
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %31, %done3 ]
  %13 = icmp slt i64 %i, %4
  br i1 %13, label %body, label %done

body:                                             ; preds = %loop
  %14 = getelementptr inbounds i32, ptr %2, i64 %i
  %15 = load i32, ptr %14, align 4
  %16 = sext i32 %15 to i64
  %17 = add nsw i64 %i, 1
  %18 = getelementptr inbounds i32, ptr %2, i64 %17
  %19 = load i32, ptr %18, align 4
  %20 = sext i32 %19 to i64
  %deg = sub nsw i64 %20, %16
  %21 = sitofp i64 %deg to float
  %22 = fdiv float 1.000000e+00, %21
  %23 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %next, %body
  %i4 = phi i64 [ %16, %body ], [ %33, %next ]
  %24 = icmp slt i64 %i4, %20
  br i1 %24, label %body2, label %done3

body2:                                            ; preds = %loop1
  %25 = getelementptr inbounds i32, ptr %3, i64 %i4
  %26 = load i32, ptr %25, align 4
  %27 = sext i32 %26 to i64
  %28 = sub i64 %7, %6
  %29 = sub i64 %27, %6
  %30 = icmp ult i64 %29, %28
  br i1 %30, label %mine, label %next

done3:                                            ; preds = %loop1
  %31 = add nsw i64 %i, 1
  br label %loop

mine:                                             ; preds = %body2
  %32 = mul nsw i64 %27, 4
  br label %loop5

next:                                             ; preds = %done7, %body2
  %33 = add nsw i64 %i4, 1
  br label %loop1

loop5:                                            ; preds = %body6, %mine
  %i8 = phi i64 [ 0, %mine ], [ %43, %body6 ]
  %34 = icmp slt i64 %i8, 4
  br i1 %34, label %body6, label %done7

body6:                                            ; preds = %loop5
  %35 = add nsw i64 %23, %i8
  %36 = getelementptr inbounds float, ptr %1, i64 %35
  %37 = load float, ptr %36, align 4
  %38 = fmul float %37, %22
  %39 = add nsw i64 %32, %i8
  %40 = getelementptr inbounds float, ptr %0, i64 %39
  %41 = load float, ptr %40, align 4
  %42 = fadd float %41, %38
  store float %42, ptr %40, align 4
  %43 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  br label %next
}

; Function Attrs: nounwind
define internal void @k_agg_mean_t_4_slice9(ptr %0, i64 %1, i64 %2) #1 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 1
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 2
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 3
  %10 = load ptr, ptr %9, align 8
  %11 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 4
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 5
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 6
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64, i64, i64, i64 }, ptr %0, i32 0, i32 7
  %18 = load i64, ptr %17, align 8
  call void @k_agg_mean_t_4(ptr %4, ptr %6, ptr %8, ptr %10, i64 %12, i64 %14, i64 %1, i64 %2)
  ret void
}

; Function Attrs: noinline nounwind
define internal void @k_add(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3) #0 {
entry:
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %11, %body ]
  %4 = icmp slt i64 %i, %3
  br i1 %4, label %body, label %done

body:                                             ; preds = %loop
  %5 = getelementptr inbounds float, ptr %1, i64 %i
  %6 = load float, ptr %5, align 4
  %7 = getelementptr inbounds float, ptr %2, i64 %i
  %8 = load float, ptr %7, align 4
  %9 = fadd float %6, %8
  %10 = getelementptr inbounds float, ptr %0, i64 %i
  store float %9, ptr %10, align 4
  %11 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  ret void
}

; Function Attrs: nounwind
define internal void @k_add_slice10(ptr %0, i64 %1, i64 %2) #1 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = mul nsw i64 %1, 4
  %6 = getelementptr inbounds i8, ptr %4, i64 %5
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 1
  %8 = load ptr, ptr %7, align 8
  %9 = mul nsw i64 %1, 4
  %10 = getelementptr inbounds i8, ptr %8, i64 %9
  %11 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 2
  %12 = load ptr, ptr %11, align 8
  %13 = mul nsw i64 %1, 4
  %14 = getelementptr inbounds i8, ptr %12, i64 %13
  %15 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %0, i32 0, i32 3
  %16 = load i64, ptr %15, align 8
  %17 = sub nsw i64 %2, %1
  call void @k_add(ptr %6, ptr %10, ptr %14, i64 %17)
  ret void
}

define internal void @run(i32 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7) {
entry:
  %8 = icmp eq i32 %0, 1
  br i1 %8, label %train, label %forward

train:                                            ; preds = %entry
  call void @run_train(ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7)
  ret void

forward:                                          ; preds = %entry
  call void @run_forward(ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7)
  ret void
}

define ptr @hgnn_model_entry() {
entry:
  ret ptr @model
}

attributes #0 = { noinline nounwind }
attributes #1 = { nounwind }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #3 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
