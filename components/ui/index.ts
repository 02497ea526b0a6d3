// Shared UI primitives for the console, the admin portal and the feature screens.
export { Alert, type AlertTone } from "./alert";
export { Badge, type BadgeTone } from "./badge";
export { Button, buttonClasses, type ButtonProps, type ButtonVariant, type ButtonSize } from "./button";
export { cn } from "./cn";
export { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog";
export { CopyButton, copyText, type CopyButtonProps } from "./copy-button";
export { Dialog, type DialogProps } from "./dialog";
export { EmptyState } from "./empty-state";
export { CheckIcon, ChevronLeftIcon, ChevronRightIcon, CopyIcon, FilterIcon, InfoIcon, KeyIcon, WarningIcon, XIcon } from "./icons";
export { Field, FieldError, FieldGroup, fieldMessage, type FieldProps } from "./field";
export { Checkbox, Input, Select, Textarea } from "./input";
export { Spinner } from "./spinner";
export { ToastProvider, useToast, type Toast } from "./toast";
export { Time } from "./time";
export { CopyField } from "./copy-field";
export { FormStatus } from "./form-status";
export { ScrollTabs } from "./scroll-tabs";
