//go:build amd64 && !purego

#include "textflag.h"

// func divRuns(v *float64, rs unsafe.Pointer, nr int, size int)
//
// For each of the nr run records at rs (size bytes each: int32 dst, a, b,
// n, bstep and, when size is 24, sum), v[dst+i] = v[a+i] / v[b+i*bstep]
// for i < n, two lanes of DIVPD at a time (SSE2, every amd64 has it). Each
// lane is an IEEE division, so the bits are those of DIVSD. With a sum
// slot >= 0, v[sum] = v[a] + v[a+1] + ... in that order, from +0.
TEXT ·divRuns(SB), NOSPLIT, $0-32
	MOVQ v+0(FP), R8
	MOVQ rs+8(FP), R9
	MOVQ nr+16(FP), R10
	MOVQ size+24(FP), R11

run:
	TESTQ R10, R10
	JEQ   end
	MOVLQSX 0(R9), DI
	LEAQ    (R8)(DI*8), DI
	MOVLQSX 4(R9), SI
	LEAQ    (R8)(SI*8), SI
	MOVLQSX 8(R9), DX
	LEAQ    (R8)(DX*8), DX
	MOVLQSX 12(R9), CX
	MOVL    16(R9), AX
	XORPS   X0, X0
	TESTL   AX, AX
	JNE     vec
	MOVSD   (DX), X1
	SHUFPD  $0, X1, X1

bcast2:
	CMPQ     CX, $2
	JLT      bcast1
	MOVUPD   (SI), X2
	MOVAPD   X2, X3
	DIVPD    X1, X3
	MOVUPD   X3, (DI)
	ADDSD    X2, X0
	UNPCKHPD X2, X2
	ADDSD    X2, X0
	ADDQ     $16, SI
	ADDQ     $16, DI
	SUBQ     $2, CX
	JMP      bcast2

bcast1:
	TESTQ CX, CX
	JEQ   done
	MOVSD (SI), X2
	ADDSD X2, X0
	DIVSD X1, X2
	MOVSD X2, (DI)
	JMP   done

vec:
	CMPQ     CX, $2
	JLT      vec1
	MOVUPD   (SI), X2
	MOVUPD   (DX), X1
	MOVAPD   X2, X3
	DIVPD    X1, X3
	MOVUPD   X3, (DI)
	ADDSD    X2, X0
	UNPCKHPD X2, X2
	ADDSD    X2, X0
	ADDQ     $16, SI
	ADDQ     $16, DI
	ADDQ     $16, DX
	SUBQ     $2, CX
	JMP      vec

vec1:
	TESTQ CX, CX
	JEQ   done
	MOVSD (SI), X2
	ADDSD X2, X0
	MOVSD (DX), X1
	DIVSD X1, X2
	MOVSD X2, (DI)

done:
	CMPQ    R11, $24
	JNE     next
	MOVLQSX 20(R9), AX
	TESTQ   AX, AX
	JS      next
	MOVSD   X0, (R8)(AX*8)

next:
	ADDQ R11, R9
	DECQ R10
	JMP  run

end:
	RET

// func eulerRuns(v *float64, rs unsafe.Pointer, nr int, dt float64)
//
// For each of the nr runs at rs (int32 dst, a, b, n, bstep: 20 bytes),
// v[dst+i] += dt * (v[a+i] - v[b+i]) for i < n, two lanes at a time: per
// lane the same subtraction, multiplication and addition as the portable
// loop (no fused multiply-add), so the same bits.
TEXT ·eulerRuns(SB), NOSPLIT, $0-32
	MOVQ  v+0(FP), R8
	MOVQ  rs+8(FP), R9
	MOVQ  nr+16(FP), R10
	MOVSD dt+24(FP), X1
	SHUFPD $0, X1, X1

erun:
	TESTQ   R10, R10
	JEQ     eend
	MOVLQSX 0(R9), DI
	LEAQ    (R8)(DI*8), DI
	MOVLQSX 4(R9), SI
	LEAQ    (R8)(SI*8), SI
	MOVLQSX 8(R9), DX
	LEAQ    (R8)(DX*8), DX
	MOVLQSX 12(R9), CX

e2:
	CMPQ   CX, $2
	JLT    e1
	MOVUPD (SI), X2
	MOVUPD (DX), X3
	SUBPD  X3, X2
	MULPD  X1, X2
	MOVUPD (DI), X3
	ADDPD  X2, X3
	MOVUPD X3, (DI)
	ADDQ   $16, SI
	ADDQ   $16, DX
	ADDQ   $16, DI
	SUBQ   $2, CX
	JMP    e2

e1:
	TESTQ CX, CX
	JEQ   enext
	MOVSD (SI), X2
	MOVSD (DX), X3
	SUBSD X3, X2
	MULSD X1, X2
	MOVSD (DI), X3
	ADDSD X2, X3
	MOVSD X3, (DI)

enext:
	ADDQ $20, R9
	DECQ R10
	JMP  erun

eend:
	RET

// func moveRuns(v *float64, rs unsafe.Pointer, nr int)
//
// For each of the nr runs at rs (20 bytes each), v[dst+i] = v[a+i] for
// i < n, two slots at a time. The runs of one instruction never read what
// it writes (its records are independent), so the order does not matter.
TEXT ·moveRuns(SB), NOSPLIT, $0-24
	MOVQ v+0(FP), R8
	MOVQ rs+8(FP), R9
	MOVQ nr+16(FP), R10

mrun:
	TESTQ   R10, R10
	JEQ     mend
	MOVLQSX 0(R9), DI
	LEAQ    (R8)(DI*8), DI
	MOVLQSX 4(R9), SI
	LEAQ    (R8)(SI*8), SI
	MOVLQSX 12(R9), CX

m2:
	CMPQ   CX, $2
	JLT    m1
	MOVUPD (SI), X0
	MOVUPD X0, (DI)
	ADDQ   $16, SI
	ADDQ   $16, DI
	SUBQ   $2, CX
	JMP    m2

m1:
	TESTQ CX, CX
	JEQ   mnext
	MOVQ  (SI), AX
	MOVQ  AX, (DI)

mnext:
	ADDQ $20, R9
	DECQ R10
	JMP  mrun

mend:
	RET
