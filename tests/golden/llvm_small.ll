; ModuleID = 'small'
source_filename = "small"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%HgnnNodeType = type { ptr, i32 }
%HgnnEdgeType = type { ptr, ptr, i32, i32, i32 }
%HgnnParam = type { ptr, i32, i32, i64, i64, float, i32 }
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
@params = internal constant [9 x %HgnnParam] [%HgnnParam { ptr @.str.6, i32 -1, i32 1, i64 4, i64 3, float 0x3FE279A740000000, i32 0 }, %HgnnParam { ptr @.str.7, i32 -1, i32 1, i64 1, i64 4, float 0x3FE279A740000000, i32 0 }, %HgnnParam { ptr @.str.8, i32 0, i32 2, i64 0, i64 4, float 1.000000e+00, i32 1 }, %HgnnParam { ptr @.str.9, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0 }, %HgnnParam { ptr @.str.10, i32 -1, i32 1, i64 1, i64 4, float 5.000000e-01, i32 0 }, %HgnnParam { ptr @.str.11, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0 }, %HgnnParam { ptr @.str.12, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0 }, %HgnnParam { ptr @.str.13, i32 -1, i32 1, i64 1, i64 4, float 5.000000e-01, i32 0 }, %HgnnParam { ptr @.str.14, i32 -1, i32 1, i64 4, i64 4, float 5.000000e-01, i32 0 }]
@model = internal constant %HgnnModel { i32 1313752904, i32 3, ptr @.str.15, ptr @.str.16, i32 2, i32 2, ptr @node_types, ptr @edge_types, i32 0, i32 9, ptr @params, %HgnnDefaults { i32 5, i32 128, i32 2, [8 x i32] [i32 20, i32 10, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0], float 0x3F50624DE0000000, float 2.000000e+00, float 0x3FB99999A0000000, float 0x3FB99999A0000000, float 0x3FD3333340000000, float 0x3FECCCCCC0000000, float 0x3FEFF7CEE0000000, float 0x3E45798EE0000000, float 0.000000e+00 }, ptr @workspace_floats, ptr @run }

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

define internal void @run_forward(i32 %mode, ptr %batch, ptr %params, ptr %grads, ptr %ws, ptr %host, ptr %scores, ptr %loss) {
entry:
  %slice_args23 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args22 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args21 = alloca { ptr, ptr, i64 }, align 8
  %slice_args20 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args19 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args18 = alloca { ptr, ptr, i64 }, align 8
  %slice_args17 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args16 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args15 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args14 = alloca { ptr, ptr, ptr, i64 }, align 8
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
  %79 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %80 = load ptr, ptr %79, align 8
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %88, %body ]
  %s_dst = phi i64 [ 0, %entry ], [ %87, %body ]
  %81 = icmp slt i64 %i, %dim6
  br i1 %81, label %body, label %done

body:                                             ; preds = %loop
  %82 = getelementptr inbounds i32, ptr %80, i64 %i
  %83 = load i32, ptr %82, align 4
  %84 = sext i32 %83 to i64
  %85 = add nsw i64 %84, 1
  %86 = icmp sgt i64 %85, %s_dst
  %87 = select i1 %86, i64 %85, i64 %s_dst
  %88 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %89 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %90 = load ptr, ptr %89, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %98, %body2 ]
  %s_src = phi i64 [ 0, %done ], [ %97, %body2 ]
  %91 = icmp slt i64 %i4, %dim6
  br i1 %91, label %body2, label %done3

body2:                                            ; preds = %loop1
  %92 = getelementptr inbounds i32, ptr %90, i64 %i4
  %93 = load i32, ptr %92, align 4
  %94 = sext i32 %93 to i64
  %95 = add nsw i64 %94, 1
  %96 = icmp sgt i64 %95, %s_src
  %97 = select i1 %96, i64 %95, i64 %s_src
  %98 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %99 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %100 = getelementptr inbounds [16 x ptr], ptr %99, i64 0, i64 1
  %101 = load ptr, ptr %100, align 8
  %102 = getelementptr inbounds i32, ptr %101, i64 %s_src
  %103 = load i32, ptr %102, align 4
  %104 = sext i32 %103 to i64
  %105 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %106 = getelementptr inbounds [16 x ptr], ptr %105, i64 0, i64 1
  %107 = load ptr, ptr %106, align 8
  br label %loop5

loop5:                                            ; preds = %body6, %done3
  %i8 = phi i64 [ 0, %done3 ], [ %115, %body6 ]
  %reach9 = phi i64 [ 0, %done3 ], [ %114, %body6 ]
  %108 = icmp slt i64 %i8, %104
  br i1 %108, label %body6, label %done7

body6:                                            ; preds = %loop5
  %109 = getelementptr inbounds i32, ptr %107, i64 %i8
  %110 = load i32, ptr %109, align 4
  %111 = sext i32 %110 to i64
  %112 = add nsw i64 %111, 1
  %113 = icmp sgt i64 %112, %reach9
  %114 = select i1 %113, i64 %112, i64 %reach9
  %115 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %116 = icmp sgt i64 %s_dst, %reach9
  %max10 = select i1 %116, i64 %s_dst, i64 %reach9
  %117 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %118 = getelementptr inbounds [16 x ptr], ptr %117, i64 0, i64 0
  %119 = load ptr, ptr %118, align 8
  %120 = getelementptr inbounds i32, ptr %119, i64 %s_dst
  %121 = load i32, ptr %120, align 4
  %122 = sext i32 %121 to i64
  %123 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %124 = getelementptr inbounds [16 x ptr], ptr %123, i64 0, i64 0
  %125 = load ptr, ptr %124, align 8
  br label %loop9

loop9:                                            ; preds = %body10, %done7
  %i12 = phi i64 [ 0, %done7 ], [ %133, %body10 ]
  %reach11 = phi i64 [ 0, %done7 ], [ %132, %body10 ]
  %126 = icmp slt i64 %i12, %122
  br i1 %126, label %body10, label %done11

body10:                                           ; preds = %loop9
  %127 = getelementptr inbounds i32, ptr %125, i64 %i12
  %128 = load i32, ptr %127, align 4
  %129 = sext i32 %128 to i64
  %130 = add nsw i64 %129, 1
  %131 = icmp sgt i64 %130, %reach11
  %132 = select i1 %131, i64 %130, i64 %reach11
  %133 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %134 = icmp sgt i64 %s_src, %reach11
  %max12 = select i1 %134, i64 %s_src, i64 %reach11
  %135 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %136 = getelementptr inbounds [8 x ptr], ptr %135, i64 0, i64 0
  %137 = load ptr, ptr %136, align 8
  %138 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %138, align 8
  %139 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %139, align 8
  %140 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %140, align 8
  %141 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %137, ptr %141, align 8
  %142 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %max12, ptr %142, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %max12, i64 256)
  %143 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %144 = getelementptr inbounds [8 x ptr], ptr %143, i64 0, i64 1
  %145 = load ptr, ptr %144, align 8
  %146 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %147 = getelementptr inbounds [8 x ptr], ptr %146, i64 0, i64 1
  %148 = load ptr, ptr %147, align 8
  %149 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 0
  store ptr %slot1, ptr %149, align 8
  %150 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 1
  store ptr %145, ptr %150, align 8
  %151 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 2
  store ptr %148, ptr %151, align 8
  %152 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 3
  store i64 %max10, ptr %152, align 8
  call void %77(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args13, i64 %max10, i64 256)
  %153 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %153, align 8
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %max10, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 0.000000e+00)
  %154 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %154, align 8
  %155 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 0
  store ptr %slot3, ptr %155, align 8
  %156 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 1
  store ptr %slot2, ptr %156, align 8
  %157 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 2
  store ptr %v8, ptr %157, align 8
  %158 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 3
  store i64 %max10, ptr %158, align 8
  call void %77(ptr %pool, ptr @k_bias_add_4_slice2, ptr %slice_args14, i64 %max10, i64 256)
  %159 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %159, align 8
  %160 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %160, align 8
  %161 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %161, align 8
  %162 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %163 = getelementptr inbounds [16 x ptr], ptr %162, i64 0, i64 0
  %164 = load ptr, ptr %163, align 8
  %165 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %166 = getelementptr inbounds [16 x ptr], ptr %165, i64 0, i64 0
  %167 = load ptr, ptr %166, align 8
  %168 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 0
  store ptr %slot2, ptr %168, align 8
  %169 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 1
  store ptr %slot0, ptr %169, align 8
  %170 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 2
  store ptr %164, ptr %170, align 8
  %171 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 3
  store ptr %167, ptr %171, align 8
  %172 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 4
  store i64 %s_dst, ptr %172, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args15, i64 %s_dst, i64 128)
  %173 = getelementptr inbounds ptr, ptr %params, i64 6
  %v14 = load ptr, ptr %173, align 8
  %174 = getelementptr inbounds ptr, ptr %params, i64 7
  %v15 = load ptr, ptr %174, align 8
  %175 = getelementptr inbounds ptr, ptr %params, i64 8
  %v16 = load ptr, ptr %175, align 8
  %176 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %177 = getelementptr inbounds [16 x ptr], ptr %176, i64 0, i64 1
  %178 = load ptr, ptr %177, align 8
  %179 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %180 = getelementptr inbounds [16 x ptr], ptr %179, i64 0, i64 1
  %181 = load ptr, ptr %180, align 8
  %182 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 0
  store ptr %slot4, ptr %182, align 8
  %183 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 1
  store ptr %slot3, ptr %183, align 8
  %184 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 2
  store ptr %178, ptr %184, align 8
  %185 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 3
  store ptr %181, ptr %185, align 8
  %186 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 4
  store i64 %s_src, ptr %186, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args16, i64 %s_src, i64 128)
  %187 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %188 = load ptr, ptr %187, align 8
  %189 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %190 = load ptr, ptr %189, align 8
  %191 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 0
  store ptr %slot5, ptr %191, align 8
  %192 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 1
  store ptr %slot4, ptr %192, align 8
  %193 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 2
  store ptr %188, ptr %193, align 8
  %194 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 3
  store i64 %dim6, ptr %194, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args17, i64 %dim6, i64 256)
  %195 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 0
  store ptr %slot6, ptr %195, align 8
  %196 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 1
  store ptr %v15, ptr %196, align 8
  %197 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 2
  store i64 %dim6, ptr %197, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice4, ptr %slice_args18, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot5, i64 4, ptr %v14, i64 4, ptr %slot6, float 1.000000e+00)
  %198 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 0
  store ptr %slot7, ptr %198, align 8
  %199 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 1
  store ptr %slot0, ptr %199, align 8
  %200 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 2
  store ptr %188, ptr %200, align 8
  %201 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 3
  store i64 %dim6, ptr %201, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args19, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot7, i64 4, ptr %v16, i64 4, ptr %slot6, float 1.000000e+00)
  %202 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 0
  store ptr %slot8, ptr %202, align 8
  %203 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 1
  store ptr %slot2, ptr %203, align 8
  %204 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 2
  store ptr %190, ptr %204, align 8
  %205 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 3
  store i64 %dim6, ptr %205, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args20, i64 %dim6, i64 256)
  %206 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 0
  store ptr %slot9, ptr %206, align 8
  %207 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 1
  store ptr %v11, ptr %207, align 8
  %208 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 2
  store i64 %dim6, ptr %208, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice4, ptr %slice_args21, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot8, i64 4, ptr %v10, i64 4, ptr %slot9, float 1.000000e+00)
  %209 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 0
  store ptr %slot10, ptr %209, align 8
  %210 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 1
  store ptr %slot3, ptr %210, align 8
  %211 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 2
  store ptr %190, ptr %211, align 8
  %212 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 3
  store i64 %dim6, ptr %212, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args22, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot10, i64 4, ptr %v12, i64 4, ptr %slot9, float 1.000000e+00)
  %213 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 0
  store ptr %scores, ptr %213, align 8
  %214 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 1
  store ptr %slot6, ptr %214, align 8
  %215 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 2
  store ptr %slot9, ptr %215, align 8
  %216 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 3
  store i64 %dim6, ptr %216, align 8
  call void %77(ptr %pool, ptr @k_rowdot_4_slice5, ptr %slice_args23, i64 %dim6, i64 256)
  %217 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 8
  %218 = load ptr, ptr %217, align 8
  call void @k_bce_logits(ptr %loss, ptr %scores, ptr %218, i64 %dim6)
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
define internal void @k_bias_fill_4_slice4(ptr %0, i64 %1, i64 %2) #1 {
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
define internal void @k_rowdot_4_slice5(ptr %0, i64 %1, i64 %2) #1 {
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

define internal void @run_train(i32 %mode, ptr %batch, ptr %params, ptr %grads, ptr %ws, ptr %host, ptr %scores, ptr %loss) {
entry:
  %slice_args40 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args36 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args35 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args34 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args31 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args29 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args26 = alloca { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, align 8
  %slice_args25 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args24 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args23 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args22 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args21 = alloca { ptr, ptr, i64 }, align 8
  %slice_args20 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args19 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args18 = alloca { ptr, ptr, i64 }, align 8
  %slice_args17 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args16 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args15 = alloca { ptr, ptr, ptr, ptr, i64 }, align 8
  %slice_args14 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args13 = alloca { ptr, ptr, ptr, i64 }, align 8
  %slice_args = alloca { ptr, ptr, ptr, i64 }, align 8
  %sparse = icmp eq i32 %mode, 2
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
  %79 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %80 = load ptr, ptr %79, align 8
  br label %loop

loop:                                             ; preds = %body, %entry
  %i = phi i64 [ 0, %entry ], [ %88, %body ]
  %s_dst = phi i64 [ 0, %entry ], [ %87, %body ]
  %81 = icmp slt i64 %i, %dim6
  br i1 %81, label %body, label %done

body:                                             ; preds = %loop
  %82 = getelementptr inbounds i32, ptr %80, i64 %i
  %83 = load i32, ptr %82, align 4
  %84 = sext i32 %83 to i64
  %85 = add nsw i64 %84, 1
  %86 = icmp sgt i64 %85, %s_dst
  %87 = select i1 %86, i64 %85, i64 %s_dst
  %88 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %89 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %90 = load ptr, ptr %89, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %98, %body2 ]
  %s_src = phi i64 [ 0, %done ], [ %97, %body2 ]
  %91 = icmp slt i64 %i4, %dim6
  br i1 %91, label %body2, label %done3

body2:                                            ; preds = %loop1
  %92 = getelementptr inbounds i32, ptr %90, i64 %i4
  %93 = load i32, ptr %92, align 4
  %94 = sext i32 %93 to i64
  %95 = add nsw i64 %94, 1
  %96 = icmp sgt i64 %95, %s_src
  %97 = select i1 %96, i64 %95, i64 %s_src
  %98 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %99 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %100 = getelementptr inbounds [16 x ptr], ptr %99, i64 0, i64 1
  %101 = load ptr, ptr %100, align 8
  %102 = getelementptr inbounds i32, ptr %101, i64 %s_src
  %103 = load i32, ptr %102, align 4
  %104 = sext i32 %103 to i64
  %105 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %106 = getelementptr inbounds [16 x ptr], ptr %105, i64 0, i64 1
  %107 = load ptr, ptr %106, align 8
  br label %loop5

loop5:                                            ; preds = %body6, %done3
  %i8 = phi i64 [ 0, %done3 ], [ %115, %body6 ]
  %reach9 = phi i64 [ 0, %done3 ], [ %114, %body6 ]
  %108 = icmp slt i64 %i8, %104
  br i1 %108, label %body6, label %done7

body6:                                            ; preds = %loop5
  %109 = getelementptr inbounds i32, ptr %107, i64 %i8
  %110 = load i32, ptr %109, align 4
  %111 = sext i32 %110 to i64
  %112 = add nsw i64 %111, 1
  %113 = icmp sgt i64 %112, %reach9
  %114 = select i1 %113, i64 %112, i64 %reach9
  %115 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %116 = icmp sgt i64 %s_dst, %reach9
  %max10 = select i1 %116, i64 %s_dst, i64 %reach9
  %117 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %118 = getelementptr inbounds [16 x ptr], ptr %117, i64 0, i64 0
  %119 = load ptr, ptr %118, align 8
  %120 = getelementptr inbounds i32, ptr %119, i64 %s_dst
  %121 = load i32, ptr %120, align 4
  %122 = sext i32 %121 to i64
  %123 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %124 = getelementptr inbounds [16 x ptr], ptr %123, i64 0, i64 0
  %125 = load ptr, ptr %124, align 8
  br label %loop9

loop9:                                            ; preds = %body10, %done7
  %i12 = phi i64 [ 0, %done7 ], [ %133, %body10 ]
  %reach11 = phi i64 [ 0, %done7 ], [ %132, %body10 ]
  %126 = icmp slt i64 %i12, %122
  br i1 %126, label %body10, label %done11

body10:                                           ; preds = %loop9
  %127 = getelementptr inbounds i32, ptr %125, i64 %i12
  %128 = load i32, ptr %127, align 4
  %129 = sext i32 %128 to i64
  %130 = add nsw i64 %129, 1
  %131 = icmp sgt i64 %130, %reach11
  %132 = select i1 %131, i64 %130, i64 %reach11
  %133 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %134 = icmp sgt i64 %s_src, %reach11
  %max12 = select i1 %134, i64 %s_src, i64 %reach11
  %135 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %136 = getelementptr inbounds [8 x ptr], ptr %135, i64 0, i64 0
  %137 = load ptr, ptr %136, align 8
  %138 = getelementptr inbounds ptr, ptr %params, i64 2
  %v1 = load ptr, ptr %138, align 8
  %139 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 0
  store ptr %slot0, ptr %139, align 8
  %140 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 1
  store ptr %v1, ptr %140, align 8
  %141 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 2
  store ptr %137, ptr %141, align 8
  %142 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args, i32 0, i32 3
  store i64 %max12, ptr %142, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args, i64 %max12, i64 256)
  %143 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 2
  %144 = getelementptr inbounds [8 x ptr], ptr %143, i64 0, i64 1
  %145 = load ptr, ptr %144, align 8
  %146 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 1
  %147 = getelementptr inbounds [8 x ptr], ptr %146, i64 0, i64 1
  %148 = load ptr, ptr %147, align 8
  %149 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 0
  store ptr %slot1, ptr %149, align 8
  %150 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 1
  store ptr %145, ptr %150, align 8
  %151 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 2
  store ptr %148, ptr %151, align 8
  %152 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args13, i32 0, i32 3
  store i64 %max10, ptr %152, align 8
  call void %77(ptr %pool, ptr @k_gather_3_slice1, ptr %slice_args13, i64 %max10, i64 256)
  %153 = getelementptr inbounds ptr, ptr %params, i64 0
  %v6 = load ptr, ptr %153, align 8
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %max10, i64 4, i64 3, ptr %slot1, i64 3, ptr %v6, i64 3, ptr %slot2, float 0.000000e+00)
  %154 = getelementptr inbounds ptr, ptr %params, i64 1
  %v8 = load ptr, ptr %154, align 8
  %155 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 0
  store ptr %slot3, ptr %155, align 8
  %156 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 1
  store ptr %slot2, ptr %156, align 8
  %157 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 2
  store ptr %v8, ptr %157, align 8
  %158 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args14, i32 0, i32 3
  store i64 %max10, ptr %158, align 8
  call void %77(ptr %pool, ptr @k_bias_add_4_slice2, ptr %slice_args14, i64 %max10, i64 256)
  %159 = getelementptr inbounds ptr, ptr %params, i64 3
  %v10 = load ptr, ptr %159, align 8
  %160 = getelementptr inbounds ptr, ptr %params, i64 4
  %v11 = load ptr, ptr %160, align 8
  %161 = getelementptr inbounds ptr, ptr %params, i64 5
  %v12 = load ptr, ptr %161, align 8
  %162 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %163 = getelementptr inbounds [16 x ptr], ptr %162, i64 0, i64 0
  %164 = load ptr, ptr %163, align 8
  %165 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %166 = getelementptr inbounds [16 x ptr], ptr %165, i64 0, i64 0
  %167 = load ptr, ptr %166, align 8
  %168 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 0
  store ptr %slot2, ptr %168, align 8
  %169 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 1
  store ptr %slot0, ptr %169, align 8
  %170 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 2
  store ptr %164, ptr %170, align 8
  %171 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 3
  store ptr %167, ptr %171, align 8
  %172 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args15, i32 0, i32 4
  store i64 %s_dst, ptr %172, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args15, i64 %s_dst, i64 128)
  %173 = getelementptr inbounds ptr, ptr %params, i64 6
  %v14 = load ptr, ptr %173, align 8
  %174 = getelementptr inbounds ptr, ptr %params, i64 7
  %v15 = load ptr, ptr %174, align 8
  %175 = getelementptr inbounds ptr, ptr %params, i64 8
  %v16 = load ptr, ptr %175, align 8
  %176 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %177 = getelementptr inbounds [16 x ptr], ptr %176, i64 0, i64 1
  %178 = load ptr, ptr %177, align 8
  %179 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %180 = getelementptr inbounds [16 x ptr], ptr %179, i64 0, i64 1
  %181 = load ptr, ptr %180, align 8
  %182 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 0
  store ptr %slot4, ptr %182, align 8
  %183 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 1
  store ptr %slot3, ptr %183, align 8
  %184 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 2
  store ptr %178, ptr %184, align 8
  %185 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 3
  store ptr %181, ptr %185, align 8
  %186 = getelementptr inbounds { ptr, ptr, ptr, ptr, i64 }, ptr %slice_args16, i32 0, i32 4
  store i64 %s_src, ptr %186, align 8
  call void %77(ptr %pool, ptr @k_agg_mean_4_slice3, ptr %slice_args16, i64 %s_src, i64 128)
  %187 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 6
  %188 = load ptr, ptr %187, align 8
  %189 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 7
  %190 = load ptr, ptr %189, align 8
  %191 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 0
  store ptr %slot5, ptr %191, align 8
  %192 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 1
  store ptr %slot4, ptr %192, align 8
  %193 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 2
  store ptr %188, ptr %193, align 8
  %194 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args17, i32 0, i32 3
  store i64 %dim6, ptr %194, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args17, i64 %dim6, i64 256)
  %195 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 0
  store ptr %slot6, ptr %195, align 8
  %196 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 1
  store ptr %v15, ptr %196, align 8
  %197 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args18, i32 0, i32 2
  store i64 %dim6, ptr %197, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice4, ptr %slice_args18, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot5, i64 4, ptr %v14, i64 4, ptr %slot6, float 1.000000e+00)
  %198 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 0
  store ptr %slot7, ptr %198, align 8
  %199 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 1
  store ptr %slot0, ptr %199, align 8
  %200 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 2
  store ptr %188, ptr %200, align 8
  %201 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args19, i32 0, i32 3
  store i64 %dim6, ptr %201, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args19, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot7, i64 4, ptr %v16, i64 4, ptr %slot6, float 1.000000e+00)
  %202 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 0
  store ptr %slot8, ptr %202, align 8
  %203 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 1
  store ptr %slot2, ptr %203, align 8
  %204 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 2
  store ptr %190, ptr %204, align 8
  %205 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args20, i32 0, i32 3
  store i64 %dim6, ptr %205, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args20, i64 %dim6, i64 256)
  %206 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 0
  store ptr %slot9, ptr %206, align 8
  %207 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 1
  store ptr %v11, ptr %207, align 8
  %208 = getelementptr inbounds { ptr, ptr, i64 }, ptr %slice_args21, i32 0, i32 2
  store i64 %dim6, ptr %208, align 8
  call void %77(ptr %pool, ptr @k_bias_fill_4_slice4, ptr %slice_args21, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot8, i64 4, ptr %v10, i64 4, ptr %slot9, float 1.000000e+00)
  %209 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 0
  store ptr %slot10, ptr %209, align 8
  %210 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 1
  store ptr %slot3, ptr %210, align 8
  %211 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 2
  store ptr %190, ptr %211, align 8
  %212 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args22, i32 0, i32 3
  store i64 %dim6, ptr %212, align 8
  call void %77(ptr %pool, ptr @k_gather_4_slice0, ptr %slice_args22, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 1, i64 %dim6, i64 4, i64 4, ptr %slot10, i64 4, ptr %v12, i64 4, ptr %slot9, float 1.000000e+00)
  %213 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 0
  store ptr %scores, ptr %213, align 8
  %214 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 1
  store ptr %slot6, ptr %214, align 8
  %215 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 2
  store ptr %slot9, ptr %215, align 8
  %216 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args23, i32 0, i32 3
  store i64 %dim6, ptr %216, align 8
  call void %77(ptr %pool, ptr @k_rowdot_4_slice5, ptr %slice_args23, i64 %dim6, i64 256)
  %217 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 8
  %218 = load ptr, ptr %217, align 8
  call void @k_bce_logits(ptr %loss, ptr %scores, ptr %218, i64 %dim6)
  %219 = getelementptr inbounds float, ptr %slot11, i64 0
  store float 1.000000e+00, ptr %219, align 4
  call void @k_bce_grad(ptr %slot12, ptr %scores, ptr %218, ptr %slot11, i64 %dim6)
  %220 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args24, i32 0, i32 0
  store ptr %slot13, ptr %220, align 8
  %221 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args24, i32 0, i32 1
  store ptr %slot9, ptr %221, align 8
  %222 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args24, i32 0, i32 2
  store ptr %slot12, ptr %222, align 8
  %223 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args24, i32 0, i32 3
  store i64 %dim6, ptr %223, align 8
  call void %77(ptr %pool, ptr @k_mul_col_4_slice6, ptr %slice_args24, i64 %dim6, i64 256)
  %224 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args25, i32 0, i32 0
  store ptr %slot9, ptr %224, align 8
  %225 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args25, i32 0, i32 1
  store ptr %slot6, ptr %225, align 8
  %226 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args25, i32 0, i32 2
  store ptr %slot12, ptr %226, align 8
  %227 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args25, i32 0, i32 3
  store i64 %dim6, ptr %227, align 8
  call void %77(ptr %pool, ptr @k_mul_col_4_slice6, ptr %slice_args25, i64 %dim6, i64 256)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot9, i64 4, ptr %v12, i64 4, ptr %slot6, float 0.000000e+00)
  %228 = getelementptr inbounds ptr, ptr %grads, i64 5
  %grad = load ptr, ptr %228, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot9, i64 4, ptr %slot10, i64 4, ptr %grad, float 0.000000e+00)
  %229 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 0
  store ptr %slot2, ptr %229, align 8
  %230 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 1
  store ptr %slot6, ptr %230, align 8
  %231 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 2
  store ptr %190, ptr %231, align 8
  %232 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 3
  store i64 %dim6, ptr %232, align 8
  %233 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 4
  store i64 %s_dst, ptr %233, align 8
  %234 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 5
  store i64 0, ptr %234, align 8
  %235 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 6
  store i64 0, ptr %235, align 8
  %236 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args26, i32 0, i32 7
  store i64 -1, ptr %236, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice7, ptr %slice_args26, i64 %s_dst, i64 512)
  %237 = sub nsw i64 %max10, %s_dst
  %238 = mul nsw i64 %237, 4
  %239 = mul nsw i64 %s_dst, 4
  %240 = getelementptr inbounds float, ptr %slot2, i64 %239
  %241 = mul nsw i64 %238, 4
  call void @llvm.memset.p0.i64(ptr align 4 %240, i8 0, i64 %241, i1 false)
  %242 = getelementptr inbounds ptr, ptr %grads, i64 4
  %grad27 = load ptr, ptr %242, align 8
  call void @k_sum_rows_4(ptr %grad27, ptr %slot9, i64 %dim6)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot9, i64 4, ptr %v10, i64 4, ptr %slot6, float 0.000000e+00)
  %243 = getelementptr inbounds ptr, ptr %grads, i64 3
  %grad28 = load ptr, ptr %243, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot9, i64 4, ptr %slot8, i64 4, ptr %grad28, float 0.000000e+00)
  %244 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 0
  store ptr %slot3, ptr %244, align 8
  %245 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 1
  store ptr %slot6, ptr %245, align 8
  %246 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 2
  store ptr %190, ptr %246, align 8
  %247 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 3
  store i64 %dim6, ptr %247, align 8
  %248 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 4
  store i64 %s_dst, ptr %248, align 8
  %249 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 5
  store i64 0, ptr %249, align 8
  %250 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 6
  store i64 0, ptr %250, align 8
  %251 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args29, i32 0, i32 7
  store i64 -1, ptr %251, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice7, ptr %slice_args29, i64 %s_dst, i64 512)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot13, i64 4, ptr %v16, i64 4, ptr %slot6, float 0.000000e+00)
  %252 = getelementptr inbounds ptr, ptr %grads, i64 8
  %grad30 = load ptr, ptr %252, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot13, i64 4, ptr %slot7, i64 4, ptr %grad30, float 0.000000e+00)
  %253 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 0
  store ptr %slot0, ptr %253, align 8
  %254 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 1
  store ptr %slot6, ptr %254, align 8
  %255 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 2
  store ptr %188, ptr %255, align 8
  %256 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 3
  store i64 %dim6, ptr %256, align 8
  %257 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 4
  store i64 %s_src, ptr %257, align 8
  %258 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 5
  store i64 0, ptr %258, align 8
  %259 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 6
  store i64 0, ptr %259, align 8
  %260 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args31, i32 0, i32 7
  store i64 -1, ptr %260, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice7, ptr %slice_args31, i64 %s_src, i64 512)
  %261 = sub nsw i64 %max12, %s_src
  %262 = mul nsw i64 %261, 4
  %263 = mul nsw i64 %s_src, 4
  %264 = getelementptr inbounds float, ptr %slot0, i64 %263
  %265 = mul nsw i64 %262, 4
  call void @llvm.memset.p0.i64(ptr align 4 %264, i8 0, i64 %265, i1 false)
  %266 = getelementptr inbounds ptr, ptr %grads, i64 7
  %grad32 = load ptr, ptr %266, align 8
  call void @k_sum_rows_4(ptr %grad32, ptr %slot13, i64 %dim6)
  call void @k_matmul(ptr %sgemm, i32 0, i32 0, i64 %dim6, i64 4, i64 4, ptr %slot13, i64 4, ptr %v14, i64 4, ptr %slot6, float 0.000000e+00)
  %267 = getelementptr inbounds ptr, ptr %grads, i64 6
  %grad33 = load ptr, ptr %267, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 4, i64 %dim6, ptr %slot13, i64 4, ptr %slot5, i64 4, ptr %grad33, float 0.000000e+00)
  %268 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 0
  store ptr %slot4, ptr %268, align 8
  %269 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 1
  store ptr %slot6, ptr %269, align 8
  %270 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 2
  store ptr %188, ptr %270, align 8
  %271 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 3
  store i64 %dim6, ptr %271, align 8
  %272 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 4
  store i64 %s_src, ptr %272, align 8
  %273 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 5
  store i64 0, ptr %273, align 8
  %274 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 6
  store i64 0, ptr %274, align 8
  %275 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args34, i32 0, i32 7
  store i64 -1, ptr %275, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice7, ptr %slice_args34, i64 %s_src, i64 512)
  %276 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %277 = getelementptr inbounds [16 x ptr], ptr %276, i64 0, i64 1
  %278 = load ptr, ptr %277, align 8
  %279 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %280 = getelementptr inbounds [16 x ptr], ptr %279, i64 0, i64 1
  %281 = load ptr, ptr %280, align 8
  call void @k_agg_mean_t_4(ptr %slot14, ptr %slot4, ptr %278, ptr %281, i64 %s_src, i64 %reach9)
  %282 = sub nsw i64 %max10, %reach9
  %283 = mul nsw i64 %282, 4
  %284 = mul nsw i64 %reach9, 4
  %285 = getelementptr inbounds float, ptr %slot14, i64 %284
  %286 = mul nsw i64 %283, 4
  call void @llvm.memset.p0.i64(ptr align 4 %285, i8 0, i64 %286, i1 false)
  %287 = mul nsw i64 %max10, 4
  %288 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args35, i32 0, i32 0
  store ptr %slot15, ptr %288, align 8
  %289 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args35, i32 0, i32 1
  store ptr %slot2, ptr %289, align 8
  %290 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args35, i32 0, i32 2
  store ptr %slot14, ptr %290, align 8
  %291 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args35, i32 0, i32 3
  store i64 %287, ptr %291, align 8
  call void %77(ptr %pool, ptr @k_add_slice8, ptr %slice_args35, i64 %287, i64 16384)
  %292 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 5
  %293 = getelementptr inbounds [16 x ptr], ptr %292, i64 0, i64 0
  %294 = load ptr, ptr %293, align 8
  %295 = getelementptr inbounds %HgnnBatch, ptr %batch, i32 0, i32 3
  %296 = getelementptr inbounds [16 x ptr], ptr %295, i64 0, i64 0
  %297 = load ptr, ptr %296, align 8
  call void @k_agg_mean_t_4(ptr %slot4, ptr %slot3, ptr %294, ptr %297, i64 %s_dst, i64 %reach11)
  %298 = sub nsw i64 %max12, %reach11
  %299 = mul nsw i64 %298, 4
  %300 = mul nsw i64 %reach11, 4
  %301 = getelementptr inbounds float, ptr %slot4, i64 %300
  %302 = mul nsw i64 %299, 4
  call void @llvm.memset.p0.i64(ptr align 4 %301, i8 0, i64 %302, i1 false)
  %303 = mul nsw i64 %max12, 4
  %304 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args36, i32 0, i32 0
  store ptr %slot16, ptr %304, align 8
  %305 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args36, i32 0, i32 1
  store ptr %slot0, ptr %305, align 8
  %306 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args36, i32 0, i32 2
  store ptr %slot4, ptr %306, align 8
  %307 = getelementptr inbounds { ptr, ptr, ptr, i64 }, ptr %slice_args36, i32 0, i32 3
  store i64 %303, ptr %307, align 8
  call void %77(ptr %pool, ptr @k_add_slice8, ptr %slice_args36, i64 %303, i64 16384)
  %308 = getelementptr inbounds ptr, ptr %grads, i64 1
  %grad37 = load ptr, ptr %308, align 8
  call void @k_sum_rows_4(ptr %grad37, ptr %slot15, i64 %max10)
  %309 = getelementptr inbounds ptr, ptr %grads, i64 0
  %grad38 = load ptr, ptr %309, align 8
  call void @k_matmul(ptr %sgemm, i32 1, i32 0, i64 4, i64 3, i64 %max10, ptr %slot15, i64 4, ptr %slot1, i64 3, ptr %grad38, float 0.000000e+00)
  %310 = getelementptr inbounds ptr, ptr %grads, i64 2
  %grad39 = load ptr, ptr %310, align 8
  %zn = select i1 %sparse, i64 %dim2, i64 -1
  %311 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 0
  store ptr %grad39, ptr %311, align 8
  %312 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 1
  store ptr %slot16, ptr %312, align 8
  %313 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 2
  store ptr %137, ptr %313, align 8
  %314 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 3
  store i64 %max12, ptr %314, align 8
  %315 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 4
  store i64 %dim0, ptr %315, align 8
  %316 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 5
  store i64 0, ptr %316, align 8
  %317 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 6
  store i64 0, ptr %317, align 8
  %318 = getelementptr inbounds { ptr, ptr, ptr, i64, i64, i64, i64, i64 }, ptr %slice_args40, i32 0, i32 7
  store i64 %zn, ptr %318, align 8
  call void %77(ptr %pool, ptr @k_scatter_add_4_slice7, ptr %slice_args40, i64 %dim0, i64 512)
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
define internal void @k_mul_col_4_slice6(ptr %0, i64 %1, i64 %2) #1 {
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
  br i1 %8, label %dense_zero, label %sparse_zero

dense_zero:                                       ; preds = %entry
  %9 = sub nsw i64 %6, %5
  %10 = mul nsw i64 %9, 4
  %11 = mul nsw i64 %5, 4
  %12 = getelementptr inbounds float, ptr %0, i64 %11
  %13 = mul nsw i64 %10, 4
  call void @llvm.memset.p0.i64(ptr align 4 %12, i8 0, i64 %13, i1 false)
  br label %zeroed

sparse_zero:                                      ; preds = %entry
  br label %loop

zeroed:                                           ; preds = %done, %dense_zero
  br label %loop1

loop:                                             ; preds = %next, %sparse_zero
  %i = phi i64 [ 0, %sparse_zero ], [ %23, %next ]
  %14 = icmp slt i64 %i, %7
  br i1 %14, label %body, label %done

body:                                             ; preds = %loop
  %15 = getelementptr inbounds i32, ptr %2, i64 %i
  %16 = load i32, ptr %15, align 4
  %17 = sext i32 %16 to i64
  %18 = sub i64 %6, %5
  %19 = sub i64 %17, %5
  %20 = icmp ult i64 %19, %18
  br i1 %20, label %mine, label %next

done:                                             ; preds = %loop
  br label %zeroed

mine:                                             ; preds = %body
  %21 = mul nsw i64 %17, 4
  %22 = getelementptr inbounds float, ptr %0, i64 %21
  call void @llvm.memset.p0.i64(ptr align 4 %22, i8 0, i64 16, i1 false)
  br label %next

next:                                             ; preds = %mine, %body
  %23 = add nsw i64 %i, 1
  br label %loop

loop1:                                            ; preds = %next6, %zeroed
  %i4 = phi i64 [ 0, %zeroed ], [ %33, %next6 ]
  %24 = icmp slt i64 %i4, %3
  br i1 %24, label %body2, label %done3

body2:                                            ; preds = %loop1
  %25 = getelementptr inbounds i32, ptr %2, i64 %i4
  %26 = load i32, ptr %25, align 4
  %27 = sext i32 %26 to i64
  %28 = sub i64 %6, %5
  %29 = sub i64 %27, %5
  %30 = icmp ult i64 %29, %28
  br i1 %30, label %mine5, label %next6

done3:                                            ; preds = %loop1
  ret void

mine5:                                            ; preds = %body2
  %31 = mul nsw i64 %i4, 4
  %32 = mul nsw i64 %27, 4
  br label %loop7

next6:                                            ; preds = %done9, %body2
  %33 = add nsw i64 %i4, 1
  br label %loop1

loop7:                                            ; preds = %body8, %mine5
  %i10 = phi i64 [ 0, %mine5 ], [ %42, %body8 ]
  %34 = icmp slt i64 %i10, 4
  br i1 %34, label %body8, label %done9

body8:                                            ; preds = %loop7
  %35 = add nsw i64 %31, %i10
  %36 = getelementptr inbounds float, ptr %1, i64 %35
  %37 = load float, ptr %36, align 4
  %38 = add nsw i64 %32, %i10
  %39 = getelementptr inbounds float, ptr %0, i64 %38
  %40 = load float, ptr %39, align 4
  %41 = fadd float %40, %37
  store float %41, ptr %39, align 4
  %42 = add nsw i64 %i10, 1
  br label %loop7

done9:                                            ; preds = %loop7
  br label %next6
}

; Function Attrs: nounwind
define internal void @k_scatter_add_4_slice7(ptr %0, i64 %1, i64 %2) #1 {
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
  br label %loop

loop:                                             ; preds = %done3, %entry
  %i = phi i64 [ 0, %entry ], [ %24, %done3 ]
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
  %16 = sitofp i64 %deg to float
  %17 = fdiv float 1.000000e+00, %16
  %18 = mul nsw i64 %i, 4
  br label %loop1

done:                                             ; preds = %loop
  ret void

loop1:                                            ; preds = %done7, %body
  %i4 = phi i64 [ %11, %body ], [ %35, %done7 ]
  %19 = icmp slt i64 %i4, %15
  br i1 %19, label %body2, label %done3

body2:                                            ; preds = %loop1
  %20 = getelementptr inbounds i32, ptr %3, i64 %i4
  %21 = load i32, ptr %20, align 4
  %22 = sext i32 %21 to i64
  %23 = mul nsw i64 %22, 4
  br label %loop5

done3:                                            ; preds = %loop1
  %24 = add nsw i64 %i, 1
  br label %loop

loop5:                                            ; preds = %body6, %body2
  %i8 = phi i64 [ 0, %body2 ], [ %34, %body6 ]
  %25 = icmp slt i64 %i8, 4
  br i1 %25, label %body6, label %done7

body6:                                            ; preds = %loop5
  %26 = add nsw i64 %18, %i8
  %27 = getelementptr inbounds float, ptr %1, i64 %26
  %28 = load float, ptr %27, align 4
  %29 = fmul float %28, %17
  %30 = add nsw i64 %23, %i8
  %31 = getelementptr inbounds float, ptr %0, i64 %30
  %32 = load float, ptr %31, align 4
  %33 = fadd float %32, %29
  store float %33, ptr %31, align 4
  %34 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %35 = add nsw i64 %i4, 1
  br label %loop1
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
define internal void @k_add_slice8(ptr %0, i64 %1, i64 %2) #1 {
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
  %8 = icmp eq i32 %0, 2
  %9 = icmp eq i32 %0, 1
  %10 = or i1 %9, %8
  br i1 %10, label %train, label %forward

train:                                            ; preds = %entry
  call void @run_train(i32 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7)
  ret void

forward:                                          ; preds = %entry
  call void @run_forward(i32 %0, ptr %1, ptr %2, ptr %3, ptr %4, ptr %5, ptr %6, ptr %7)
  ret void
}

define i64 @hgnn_model_rows(i32 %0, ptr %1, ptr %2) {
entry:
  %3 = icmp eq ptr %2, null
  br i1 %3, label %count, label %extents

count:                                            ; preds = %entry
  ret i64 60

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
  store i64 -1, ptr %49, align 8
  %50 = getelementptr inbounds i64, ptr %2, i64 29
  store i64 0, ptr %50, align 8
  %51 = getelementptr inbounds i64, ptr %2, i64 30
  store i64 -1, ptr %51, align 8
  %52 = getelementptr inbounds i64, ptr %2, i64 31
  store i64 0, ptr %52, align 8
  %53 = getelementptr inbounds i64, ptr %2, i64 32
  store i64 -1, ptr %53, align 8
  %54 = getelementptr inbounds i64, ptr %2, i64 33
  store i64 0, ptr %54, align 8
  %55 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %56 = getelementptr inbounds [16 x ptr], ptr %55, i64 0, i64 1
  %57 = load ptr, ptr %56, align 8
  %58 = getelementptr inbounds i32, ptr %57, i64 %s_src
  %59 = load i32, ptr %58, align 4
  %60 = sext i32 %59 to i64
  %61 = getelementptr inbounds i64, ptr %2, i64 34
  store i64 %s_src, ptr %61, align 8
  %62 = getelementptr inbounds i64, ptr %2, i64 35
  store i64 %60, ptr %62, align 8
  %63 = getelementptr inbounds i64, ptr %2, i64 36
  store i64 -1, ptr %63, align 8
  %64 = getelementptr inbounds i64, ptr %2, i64 37
  store i64 0, ptr %64, align 8
  %65 = getelementptr inbounds i64, ptr %2, i64 38
  store i64 -1, ptr %65, align 8
  %66 = getelementptr inbounds i64, ptr %2, i64 39
  store i64 0, ptr %66, align 8
  %67 = getelementptr inbounds i64, ptr %2, i64 40
  store i64 %dim6, ptr %67, align 8
  %68 = getelementptr inbounds i64, ptr %2, i64 41
  store i64 0, ptr %68, align 8
  %69 = getelementptr inbounds i64, ptr %2, i64 42
  store i64 %dim6, ptr %69, align 8
  %70 = getelementptr inbounds i64, ptr %2, i64 43
  store i64 0, ptr %70, align 8
  %71 = getelementptr inbounds i64, ptr %2, i64 44
  store i64 %dim6, ptr %71, align 8
  %72 = getelementptr inbounds i64, ptr %2, i64 45
  store i64 0, ptr %72, align 8
  %73 = getelementptr inbounds i64, ptr %2, i64 46
  store i64 %dim6, ptr %73, align 8
  %74 = getelementptr inbounds i64, ptr %2, i64 47
  store i64 0, ptr %74, align 8
  %75 = getelementptr inbounds i64, ptr %2, i64 48
  store i64 %dim6, ptr %75, align 8
  %76 = getelementptr inbounds i64, ptr %2, i64 49
  store i64 0, ptr %76, align 8
  %77 = getelementptr inbounds i64, ptr %2, i64 50
  store i64 %dim6, ptr %77, align 8
  %78 = getelementptr inbounds i64, ptr %2, i64 51
  store i64 0, ptr %78, align 8
  %79 = getelementptr inbounds i64, ptr %2, i64 52
  store i64 %dim6, ptr %79, align 8
  %80 = getelementptr inbounds i64, ptr %2, i64 53
  store i64 0, ptr %80, align 8
  %81 = getelementptr inbounds i64, ptr %2, i64 54
  store i64 %dim6, ptr %81, align 8
  %82 = getelementptr inbounds i64, ptr %2, i64 55
  store i64 0, ptr %82, align 8
  %83 = getelementptr inbounds i64, ptr %2, i64 56
  store i64 %dim6, ptr %83, align 8
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
  store i64 %dim6, ptr %89, align 8
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
  store i64 %dim6, ptr %95, align 8
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
  %139 = getelementptr inbounds i64, ptr %2, i64 112
  store i64 -1, ptr %139, align 8
  %140 = getelementptr inbounds i64, ptr %2, i64 113
  store i64 0, ptr %140, align 8
  %141 = getelementptr inbounds i64, ptr %2, i64 114
  store i64 -1, ptr %141, align 8
  %142 = getelementptr inbounds i64, ptr %2, i64 115
  store i64 0, ptr %142, align 8
  %143 = getelementptr inbounds i64, ptr %2, i64 116
  store i64 -1, ptr %143, align 8
  %144 = getelementptr inbounds i64, ptr %2, i64 117
  store i64 0, ptr %144, align 8
  %145 = getelementptr inbounds i64, ptr %2, i64 118
  store i64 -1, ptr %145, align 8
  %146 = getelementptr inbounds i64, ptr %2, i64 119
  store i64 0, ptr %146, align 8
  ret i64 60

train:                                            ; preds = %done11
  %147 = getelementptr inbounds i64, ptr %2, i64 0
  store i64 -1, ptr %147, align 8
  %148 = getelementptr inbounds i64, ptr %2, i64 1
  store i64 0, ptr %148, align 8
  %149 = getelementptr inbounds i64, ptr %2, i64 2
  store i64 -1, ptr %149, align 8
  %150 = getelementptr inbounds i64, ptr %2, i64 3
  store i64 0, ptr %150, align 8
  %151 = getelementptr inbounds i64, ptr %2, i64 4
  store i64 %max12, ptr %151, align 8
  %152 = getelementptr inbounds i64, ptr %2, i64 5
  store i64 0, ptr %152, align 8
  %153 = getelementptr inbounds i64, ptr %2, i64 6
  store i64 -1, ptr %153, align 8
  %154 = getelementptr inbounds i64, ptr %2, i64 7
  store i64 0, ptr %154, align 8
  %155 = getelementptr inbounds i64, ptr %2, i64 8
  store i64 -1, ptr %155, align 8
  %156 = getelementptr inbounds i64, ptr %2, i64 9
  store i64 0, ptr %156, align 8
  %157 = getelementptr inbounds i64, ptr %2, i64 10
  store i64 %max10, ptr %157, align 8
  %158 = getelementptr inbounds i64, ptr %2, i64 11
  store i64 0, ptr %158, align 8
  %159 = getelementptr inbounds i64, ptr %2, i64 12
  store i64 -1, ptr %159, align 8
  %160 = getelementptr inbounds i64, ptr %2, i64 13
  store i64 0, ptr %160, align 8
  %161 = getelementptr inbounds i64, ptr %2, i64 14
  store i64 %max10, ptr %161, align 8
  %162 = getelementptr inbounds i64, ptr %2, i64 15
  store i64 0, ptr %162, align 8
  %163 = getelementptr inbounds i64, ptr %2, i64 16
  store i64 -1, ptr %163, align 8
  %164 = getelementptr inbounds i64, ptr %2, i64 17
  store i64 0, ptr %164, align 8
  %165 = getelementptr inbounds i64, ptr %2, i64 18
  store i64 %max10, ptr %165, align 8
  %166 = getelementptr inbounds i64, ptr %2, i64 19
  store i64 0, ptr %166, align 8
  %167 = getelementptr inbounds i64, ptr %2, i64 20
  store i64 -1, ptr %167, align 8
  %168 = getelementptr inbounds i64, ptr %2, i64 21
  store i64 0, ptr %168, align 8
  %169 = getelementptr inbounds i64, ptr %2, i64 22
  store i64 -1, ptr %169, align 8
  %170 = getelementptr inbounds i64, ptr %2, i64 23
  store i64 0, ptr %170, align 8
  %171 = getelementptr inbounds i64, ptr %2, i64 24
  store i64 -1, ptr %171, align 8
  %172 = getelementptr inbounds i64, ptr %2, i64 25
  store i64 0, ptr %172, align 8
  %173 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %174 = getelementptr inbounds [16 x ptr], ptr %173, i64 0, i64 0
  %175 = load ptr, ptr %174, align 8
  %176 = getelementptr inbounds i32, ptr %175, i64 %s_dst
  %177 = load i32, ptr %176, align 4
  %178 = sext i32 %177 to i64
  %179 = getelementptr inbounds i64, ptr %2, i64 26
  store i64 %s_dst, ptr %179, align 8
  %180 = getelementptr inbounds i64, ptr %2, i64 27
  store i64 %178, ptr %180, align 8
  %181 = getelementptr inbounds i64, ptr %2, i64 28
  store i64 -1, ptr %181, align 8
  %182 = getelementptr inbounds i64, ptr %2, i64 29
  store i64 0, ptr %182, align 8
  %183 = getelementptr inbounds i64, ptr %2, i64 30
  store i64 -1, ptr %183, align 8
  %184 = getelementptr inbounds i64, ptr %2, i64 31
  store i64 0, ptr %184, align 8
  %185 = getelementptr inbounds i64, ptr %2, i64 32
  store i64 -1, ptr %185, align 8
  %186 = getelementptr inbounds i64, ptr %2, i64 33
  store i64 0, ptr %186, align 8
  %187 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %188 = getelementptr inbounds [16 x ptr], ptr %187, i64 0, i64 1
  %189 = load ptr, ptr %188, align 8
  %190 = getelementptr inbounds i32, ptr %189, i64 %s_src
  %191 = load i32, ptr %190, align 4
  %192 = sext i32 %191 to i64
  %193 = getelementptr inbounds i64, ptr %2, i64 34
  store i64 %s_src, ptr %193, align 8
  %194 = getelementptr inbounds i64, ptr %2, i64 35
  store i64 %192, ptr %194, align 8
  %195 = getelementptr inbounds i64, ptr %2, i64 36
  store i64 -1, ptr %195, align 8
  %196 = getelementptr inbounds i64, ptr %2, i64 37
  store i64 0, ptr %196, align 8
  %197 = getelementptr inbounds i64, ptr %2, i64 38
  store i64 -1, ptr %197, align 8
  %198 = getelementptr inbounds i64, ptr %2, i64 39
  store i64 0, ptr %198, align 8
  %199 = getelementptr inbounds i64, ptr %2, i64 40
  store i64 %dim6, ptr %199, align 8
  %200 = getelementptr inbounds i64, ptr %2, i64 41
  store i64 0, ptr %200, align 8
  %201 = getelementptr inbounds i64, ptr %2, i64 42
  store i64 %dim6, ptr %201, align 8
  %202 = getelementptr inbounds i64, ptr %2, i64 43
  store i64 0, ptr %202, align 8
  %203 = getelementptr inbounds i64, ptr %2, i64 44
  store i64 %dim6, ptr %203, align 8
  %204 = getelementptr inbounds i64, ptr %2, i64 45
  store i64 0, ptr %204, align 8
  %205 = getelementptr inbounds i64, ptr %2, i64 46
  store i64 %dim6, ptr %205, align 8
  %206 = getelementptr inbounds i64, ptr %2, i64 47
  store i64 0, ptr %206, align 8
  %207 = getelementptr inbounds i64, ptr %2, i64 48
  store i64 %dim6, ptr %207, align 8
  %208 = getelementptr inbounds i64, ptr %2, i64 49
  store i64 0, ptr %208, align 8
  %209 = getelementptr inbounds i64, ptr %2, i64 50
  store i64 %dim6, ptr %209, align 8
  %210 = getelementptr inbounds i64, ptr %2, i64 51
  store i64 0, ptr %210, align 8
  %211 = getelementptr inbounds i64, ptr %2, i64 52
  store i64 %dim6, ptr %211, align 8
  %212 = getelementptr inbounds i64, ptr %2, i64 53
  store i64 0, ptr %212, align 8
  %213 = getelementptr inbounds i64, ptr %2, i64 54
  store i64 %dim6, ptr %213, align 8
  %214 = getelementptr inbounds i64, ptr %2, i64 55
  store i64 0, ptr %214, align 8
  %215 = getelementptr inbounds i64, ptr %2, i64 56
  store i64 %dim6, ptr %215, align 8
  %216 = getelementptr inbounds i64, ptr %2, i64 57
  store i64 0, ptr %216, align 8
  %217 = getelementptr inbounds i64, ptr %2, i64 58
  store i64 %dim6, ptr %217, align 8
  %218 = getelementptr inbounds i64, ptr %2, i64 59
  store i64 0, ptr %218, align 8
  %219 = getelementptr inbounds i64, ptr %2, i64 60
  store i64 %dim6, ptr %219, align 8
  %220 = getelementptr inbounds i64, ptr %2, i64 61
  store i64 0, ptr %220, align 8
  %221 = getelementptr inbounds i64, ptr %2, i64 62
  store i64 %dim6, ptr %221, align 8
  %222 = getelementptr inbounds i64, ptr %2, i64 63
  store i64 0, ptr %222, align 8
  %223 = getelementptr inbounds i64, ptr %2, i64 64
  store i64 %dim6, ptr %223, align 8
  %224 = getelementptr inbounds i64, ptr %2, i64 65
  store i64 0, ptr %224, align 8
  %225 = getelementptr inbounds i64, ptr %2, i64 66
  store i64 -1, ptr %225, align 8
  %226 = getelementptr inbounds i64, ptr %2, i64 67
  store i64 0, ptr %226, align 8
  %227 = getelementptr inbounds i64, ptr %2, i64 68
  store i64 %dim6, ptr %227, align 8
  %228 = getelementptr inbounds i64, ptr %2, i64 69
  store i64 0, ptr %228, align 8
  %229 = getelementptr inbounds i64, ptr %2, i64 70
  store i64 1, ptr %229, align 8
  %230 = getelementptr inbounds i64, ptr %2, i64 71
  store i64 0, ptr %230, align 8
  %231 = getelementptr inbounds i64, ptr %2, i64 72
  store i64 %dim6, ptr %231, align 8
  %232 = getelementptr inbounds i64, ptr %2, i64 73
  store i64 0, ptr %232, align 8
  %233 = getelementptr inbounds i64, ptr %2, i64 74
  store i64 %dim6, ptr %233, align 8
  %234 = getelementptr inbounds i64, ptr %2, i64 75
  store i64 0, ptr %234, align 8
  %235 = getelementptr inbounds i64, ptr %2, i64 76
  store i64 %dim6, ptr %235, align 8
  %236 = getelementptr inbounds i64, ptr %2, i64 77
  store i64 0, ptr %236, align 8
  %237 = getelementptr inbounds i64, ptr %2, i64 78
  store i64 %dim6, ptr %237, align 8
  %238 = getelementptr inbounds i64, ptr %2, i64 79
  store i64 0, ptr %238, align 8
  %239 = getelementptr inbounds i64, ptr %2, i64 80
  store i64 %dim6, ptr %239, align 8
  %240 = getelementptr inbounds i64, ptr %2, i64 81
  store i64 0, ptr %240, align 8
  %241 = getelementptr inbounds i64, ptr %2, i64 82
  store i64 %dim6, ptr %241, align 8
  %242 = getelementptr inbounds i64, ptr %2, i64 83
  store i64 0, ptr %242, align 8
  %243 = getelementptr inbounds i64, ptr %2, i64 84
  store i64 %dim6, ptr %243, align 8
  %244 = getelementptr inbounds i64, ptr %2, i64 85
  store i64 0, ptr %244, align 8
  %245 = getelementptr inbounds i64, ptr %2, i64 86
  store i64 %dim6, ptr %245, align 8
  %246 = getelementptr inbounds i64, ptr %2, i64 87
  store i64 0, ptr %246, align 8
  %247 = getelementptr inbounds i64, ptr %2, i64 88
  store i64 %dim6, ptr %247, align 8
  %248 = getelementptr inbounds i64, ptr %2, i64 89
  store i64 0, ptr %248, align 8
  %249 = getelementptr inbounds i64, ptr %2, i64 90
  store i64 %dim6, ptr %249, align 8
  %250 = getelementptr inbounds i64, ptr %2, i64 91
  store i64 0, ptr %250, align 8
  %251 = getelementptr inbounds i64, ptr %2, i64 92
  store i64 %dim6, ptr %251, align 8
  %252 = getelementptr inbounds i64, ptr %2, i64 93
  store i64 0, ptr %252, align 8
  %253 = getelementptr inbounds i64, ptr %2, i64 94
  store i64 %dim6, ptr %253, align 8
  %254 = getelementptr inbounds i64, ptr %2, i64 95
  store i64 0, ptr %254, align 8
  %255 = getelementptr inbounds i64, ptr %2, i64 96
  store i64 %dim6, ptr %255, align 8
  %256 = getelementptr inbounds i64, ptr %2, i64 97
  store i64 0, ptr %256, align 8
  %257 = getelementptr inbounds i64, ptr %2, i64 98
  store i64 %dim6, ptr %257, align 8
  %258 = getelementptr inbounds i64, ptr %2, i64 99
  store i64 0, ptr %258, align 8
  %259 = getelementptr inbounds i64, ptr %2, i64 100
  store i64 %dim6, ptr %259, align 8
  %260 = getelementptr inbounds i64, ptr %2, i64 101
  store i64 0, ptr %260, align 8
  %261 = getelementptr inbounds i64, ptr %2, i64 102
  store i64 %dim6, ptr %261, align 8
  %262 = getelementptr inbounds i64, ptr %2, i64 103
  store i64 0, ptr %262, align 8
  %263 = getelementptr inbounds i64, ptr %2, i64 104
  store i64 %dim6, ptr %263, align 8
  %264 = getelementptr inbounds i64, ptr %2, i64 105
  store i64 0, ptr %264, align 8
  %265 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %266 = getelementptr inbounds [16 x ptr], ptr %265, i64 0, i64 1
  %267 = load ptr, ptr %266, align 8
  %268 = getelementptr inbounds i32, ptr %267, i64 %s_src
  %269 = load i32, ptr %268, align 4
  %270 = sext i32 %269 to i64
  %271 = getelementptr inbounds i64, ptr %2, i64 106
  store i64 %s_src, ptr %271, align 8
  %272 = getelementptr inbounds i64, ptr %2, i64 107
  store i64 %270, ptr %272, align 8
  %273 = getelementptr inbounds i64, ptr %2, i64 108
  store i64 %max10, ptr %273, align 8
  %274 = getelementptr inbounds i64, ptr %2, i64 109
  store i64 0, ptr %274, align 8
  %275 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %276 = getelementptr inbounds [16 x ptr], ptr %275, i64 0, i64 0
  %277 = load ptr, ptr %276, align 8
  %278 = getelementptr inbounds i32, ptr %277, i64 %s_dst
  %279 = load i32, ptr %278, align 4
  %280 = sext i32 %279 to i64
  %281 = getelementptr inbounds i64, ptr %2, i64 110
  store i64 %s_dst, ptr %281, align 8
  %282 = getelementptr inbounds i64, ptr %2, i64 111
  store i64 %280, ptr %282, align 8
  %283 = getelementptr inbounds i64, ptr %2, i64 112
  store i64 %max12, ptr %283, align 8
  %284 = getelementptr inbounds i64, ptr %2, i64 113
  store i64 0, ptr %284, align 8
  %285 = getelementptr inbounds i64, ptr %2, i64 114
  store i64 %max10, ptr %285, align 8
  %286 = getelementptr inbounds i64, ptr %2, i64 115
  store i64 0, ptr %286, align 8
  %287 = getelementptr inbounds i64, ptr %2, i64 116
  store i64 %max10, ptr %287, align 8
  %288 = getelementptr inbounds i64, ptr %2, i64 117
  store i64 0, ptr %288, align 8
  %289 = getelementptr inbounds i64, ptr %2, i64 118
  store i64 %max12, ptr %289, align 8
  %290 = getelementptr inbounds i64, ptr %2, i64 119
  store i64 0, ptr %290, align 8
  ret i64 60

loop:                                             ; preds = %body, %extents
  %i = phi i64 [ 0, %extents ], [ %298, %body ]
  %s_dst = phi i64 [ 0, %extents ], [ %297, %body ]
  %291 = icmp slt i64 %i, %dim6
  br i1 %291, label %body, label %done

body:                                             ; preds = %loop
  %292 = getelementptr inbounds i32, ptr %14, i64 %i
  %293 = load i32, ptr %292, align 4
  %294 = sext i32 %293 to i64
  %295 = add nsw i64 %294, 1
  %296 = icmp sgt i64 %295, %s_dst
  %297 = select i1 %296, i64 %295, i64 %s_dst
  %298 = add nsw i64 %i, 1
  br label %loop

done:                                             ; preds = %loop
  %299 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 6
  %300 = load ptr, ptr %299, align 8
  br label %loop1

loop1:                                            ; preds = %body2, %done
  %i4 = phi i64 [ 0, %done ], [ %308, %body2 ]
  %s_src = phi i64 [ 0, %done ], [ %307, %body2 ]
  %301 = icmp slt i64 %i4, %dim6
  br i1 %301, label %body2, label %done3

body2:                                            ; preds = %loop1
  %302 = getelementptr inbounds i32, ptr %300, i64 %i4
  %303 = load i32, ptr %302, align 4
  %304 = sext i32 %303 to i64
  %305 = add nsw i64 %304, 1
  %306 = icmp sgt i64 %305, %s_src
  %307 = select i1 %306, i64 %305, i64 %s_src
  %308 = add nsw i64 %i4, 1
  br label %loop1

done3:                                            ; preds = %loop1
  %309 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %310 = getelementptr inbounds [16 x ptr], ptr %309, i64 0, i64 1
  %311 = load ptr, ptr %310, align 8
  %312 = getelementptr inbounds i32, ptr %311, i64 %s_src
  %313 = load i32, ptr %312, align 4
  %314 = sext i32 %313 to i64
  %315 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 3
  %316 = getelementptr inbounds [16 x ptr], ptr %315, i64 0, i64 1
  %317 = load ptr, ptr %316, align 8
  br label %loop5

loop5:                                            ; preds = %body6, %done3
  %i8 = phi i64 [ 0, %done3 ], [ %325, %body6 ]
  %reach9 = phi i64 [ 0, %done3 ], [ %324, %body6 ]
  %318 = icmp slt i64 %i8, %314
  br i1 %318, label %body6, label %done7

body6:                                            ; preds = %loop5
  %319 = getelementptr inbounds i32, ptr %317, i64 %i8
  %320 = load i32, ptr %319, align 4
  %321 = sext i32 %320 to i64
  %322 = add nsw i64 %321, 1
  %323 = icmp sgt i64 %322, %reach9
  %324 = select i1 %323, i64 %322, i64 %reach9
  %325 = add nsw i64 %i8, 1
  br label %loop5

done7:                                            ; preds = %loop5
  %326 = icmp sgt i64 %s_dst, %reach9
  %max10 = select i1 %326, i64 %s_dst, i64 %reach9
  %327 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 5
  %328 = getelementptr inbounds [16 x ptr], ptr %327, i64 0, i64 0
  %329 = load ptr, ptr %328, align 8
  %330 = getelementptr inbounds i32, ptr %329, i64 %s_dst
  %331 = load i32, ptr %330, align 4
  %332 = sext i32 %331 to i64
  %333 = getelementptr inbounds %HgnnBatch, ptr %1, i32 0, i32 3
  %334 = getelementptr inbounds [16 x ptr], ptr %333, i64 0, i64 0
  %335 = load ptr, ptr %334, align 8
  br label %loop9

loop9:                                            ; preds = %body10, %done7
  %i12 = phi i64 [ 0, %done7 ], [ %343, %body10 ]
  %reach11 = phi i64 [ 0, %done7 ], [ %342, %body10 ]
  %336 = icmp slt i64 %i12, %332
  br i1 %336, label %body10, label %done11

body10:                                           ; preds = %loop9
  %337 = getelementptr inbounds i32, ptr %335, i64 %i12
  %338 = load i32, ptr %337, align 4
  %339 = sext i32 %338 to i64
  %340 = add nsw i64 %339, 1
  %341 = icmp sgt i64 %340, %reach11
  %342 = select i1 %341, i64 %340, i64 %reach11
  %343 = add nsw i64 %i12, 1
  br label %loop9

done11:                                           ; preds = %loop9
  %344 = icmp sgt i64 %s_src, %reach11
  %max12 = select i1 %344, i64 %s_src, i64 %reach11
  %345 = icmp eq i32 %0, 1
  br i1 %345, label %train, label %forward
}

define ptr @hgnn_model_entry() {
entry:
  ret ptr @model
}

attributes #0 = { noinline nounwind }
attributes #1 = { nounwind }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #3 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
