// The HPA's status conditions (AbleToScale, ScalingActive, ScalingLimited) kept as Kubernetes'
// setCondition keeps them: a condition keeps its place in the list, and its lastTransitionTime
// moves only when its status changes.

export interface HPACondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function setCondition(list: HPACondition[], type: string, status: string, reason: string, message: string, at: string): void {
  let c = list.find((x) => x.type === type);
  if (c === undefined) {
    c = { type, status: '' };
    list.push(c);
  }
  if (c.status !== status) c.lastTransitionTime = at;
  c.status = status;
  c.reason = reason;
  c.message = message;
}
